import { Form, Input, type FormInstance } from 'antd';
import dayjs from 'dayjs';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { ConsentBox } from './ConsentBox';
import { IdCardField } from './fields/IdCardField';
import type { ConsentChoice, RegisterFormValues } from './formModel';
import { idCardStatus } from './idCardStatus';

interface Props {
  form: FormInstance<RegisterFormValues>;
  today: string;
  consent: ConsentChoice;
  onConsent(choice: ConsentChoice): void;
  consentError: string | null;
  /** True once the clerk left the ID field or pressed save: a short number is then an error. */
  idFinishedRef: RefObject<boolean>;
  busy: boolean;
}

/**
 * The separate consent, then the two fields it unlocks: the ID number (checked as typed by
 * core's GB 11643 parser, naming the problem) and health notes. A valid ID fills in an empty
 * birthday and gender, which saves the clerk two fields.
 */
export function SensitiveFields({ form, today, consent, onConsent, consentError, idFinishedRef, busy }: Props) {
  const { t } = useTranslation();
  const granted = consent === 'granted';

  const fillFromId = (raw: string) => {
    const now = idCardStatus(raw, today, true);
    if (now.kind !== 'valid') return;
    const patch: Partial<RegisterFormValues> = {};
    if (!form.getFieldValue('birthday')) patch.birthday = dayjs(now.card.birthday);
    if (form.getFieldValue('gender') === 'unspecified') patch.gender = now.card.gender;
    form.setFieldsValue(patch);
  };

  return (
    <section className="reg-block" aria-labelledby="reg-sensitive-title">
      <h3 className="reg-block-title" id="reg-sensitive-title">
        {t('register.sections.sensitive')}
      </h3>
      <ConsentBox consent={consent} onChange={onConsent} error={consentError} disabled={busy} />
      <IdCardField
        today={today}
        finishedRef={idFinishedRef}
        label={t('register.fields.idCard')}
        placeholder={granted ? t('register.fields.idCardPlaceholder') : t('register.consent.locked')}
        disabled={!granted || busy}
        onTyped={fillFromId}
      />
      <Form.Item name="healthNotes" label={t('register.fields.healthNotes')}>
        <Input.TextArea
          disabled={!granted || busy}
          rows={2}
          maxLength={500}
          placeholder={granted ? t('register.fields.healthNotesPlaceholder') : t('register.consent.locked')}
        />
      </Form.Item>
    </section>
  );
}
