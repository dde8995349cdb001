import { Form, Input } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberPageDto } from '../../../core/contract/memberDto';
import { IdCardField } from '../register/fields/IdCardField';
import { EditConsent } from './EditConsent';
import { consentAfter, type Clearable, type ConsentAction } from './editModel';
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
  // A short number is "still typing" until the field is left; then it is a format error.
  const idFinished = useRef(false);
  const open = consentAfter(profile, consent);
  const withdrawing = consent === 'withdraw';
  const none = t('memberPage.profile.none');
  const placeholder = open ? t('memberPage.edit.keepBlank') : t('register.consent.locked');

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
        <IdCardField
          today={today}
          finishedRef={idFinished}
          ariaLabel={t('memberPage.edit.newValue', { field: t('memberPage.profile.idCard') })}
          placeholder={placeholder}
          disabled={!open}
        />
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
