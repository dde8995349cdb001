import { Form, Input } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberPageDto } from '../../../core/contract/memberDto';
import { idCardStatus } from '../register/idCardStatus';
import { EditConsent } from './EditConsent';
import { consentAfter, type Clearable, type ConsentAction, type EditValues } from './editModel';
import { EditMaskedField } from './EditMaskedField';

interface Props {
  profile: MemberPageDto['profile'];
  today: string;
  consent: ConsentAction;
  onConsent(action: ConsentAction): void;
  cleared: ReadonlySet<Clearable>;
  onCleared(field: Clearable, cleared: boolean): void;
}

/**
 * The consent, then the ID number and health notes it governs: masked, a new value only with
 * consent in force after this edit (given before, or now), the ID checked as typed by the same
 * GB 11643 parser the service uses. Withdrawing marks both as deleted.
 */
export function EditSensitiveFields({ profile, today, consent, onConsent, cleared, onCleared }: Props) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<EditValues>();
  // A short number is "still typing" until the field is left; then it is a format error.
  const idFinished = useRef(false);
  const idValue = Form.useWatch('idCard', form);
  const status = idCardStatus(idValue, today, false);
  const open = consentAfter(profile, consent);
  const withdrawing = consent === 'withdraw';
  const none = t('memberPage.profile.none');
  const placeholder = open ? t('memberPage.edit.keepBlank') : t('register.consent.locked');
  const extra =
    status.kind === 'typing'
      ? t('register.idCard.progress', { count: status.count })
      : status.kind === 'valid'
        ? t('register.idCard.valid', { birthday: status.card.birthday, gender: t(`register.genders.${status.card.gender}`) })
        : undefined;

  return (
    <>
      <EditConsent profile={profile} value={consent} onChange={onConsent} />
      <EditMaskedField
        label={t('memberPage.profile.idCard')}
        current={profile.idCardMasked ?? none}
        clearable={!withdrawing && profile.idCardMasked !== null}
        cleared={withdrawing ? profile.idCardMasked !== null : cleared.has('idCard')}
        onCleared={(c) => onCleared('idCard', c)}
      >
        <Form.Item
          name="idCard"
          extra={extra}
          validateTrigger={['onChange', 'onBlur']}
          rules={[
            {
              validator: (_rule, value: string | undefined) => {
                const checked = idCardStatus(value, today, idFinished.current);
                return checked.kind === 'invalid' ? Promise.reject(new Error(t(`register.idCard.${checked.reason}`))) : Promise.resolve();
              },
            },
          ]}
        >
          <Input
            maxLength={18}
            placeholder={placeholder}
            aria-label={t('memberPage.edit.newValue', { field: t('memberPage.profile.idCard') })}
            autoComplete="off"
            disabled={!open}
            onChange={() => {
              idFinished.current = false;
            }}
            onBlur={() => {
              idFinished.current = true;
              void form.validateFields(['idCard']).catch(() => undefined);
            }}
          />
        </Form.Item>
      </EditMaskedField>
      <EditMaskedField
        label={t('memberPage.profile.healthNotes')}
        current={profile.hasHealthNotes ? t('memberPage.profile.healthHidden') : none}
        clearable={!withdrawing && profile.hasHealthNotes}
        cleared={withdrawing ? profile.hasHealthNotes : cleared.has('healthNotes')}
        onCleared={(c) => onCleared('healthNotes', c)}
      >
        <Form.Item name="healthNotes">
          <Input.TextArea
            rows={2}
            maxLength={500}
            placeholder={placeholder}
            aria-label={t('memberPage.edit.newValue', { field: t('memberPage.profile.healthNotes') })}
            disabled={!open}
          />
        </Form.Item>
      </EditMaskedField>
    </>
  );
}
