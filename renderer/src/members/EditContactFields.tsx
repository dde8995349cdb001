import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MemberPageDto } from '../../../core/contract/memberDto';
import { PHONE_RE } from '../register/formModel';
import { EmergencyContactInputs } from '../register/fields/EmergencyContactInputs';
import type { Clearable } from './editModel';
import { EditMaskedField } from './EditMaskedField';

interface Props {
  profile: MemberPageDto['profile'];
  cleared: ReadonlySet<Clearable>;
  onCleared(field: Clearable, cleared: boolean): void;
}

/** Mobile and emergency contact: masked as on the page, a new value typed only to change them. */
export function EditContactFields({ profile, cleared, onCleared }: Props) {
  const { t } = useTranslation();
  const none = t('memberPage.profile.none');
  const phoneRule = { pattern: PHONE_RE, message: t('register.validation.phoneFormat') };
  const keep = t('memberPage.edit.keepBlank');
  return (
    <>
      <EditMaskedField
        label={t('member.phone')}
        current={profile.phoneMasked || none}
        clearable={false}
        cleared={false}
        onCleared={() => undefined}
      >
        <Form.Item name="phone" rules={[phoneRule]}>
          <Input inputMode="numeric" maxLength={11} placeholder={keep} aria-label={t('memberPage.edit.newValue', { field: t('member.phone') })} autoComplete="off" />
        </Form.Item>
      </EditMaskedField>
      <EditMaskedField
        label={t('memberPage.profile.emergencyContact')}
        current={profile.emergencyContactMasked ?? none}
        clearable={profile.emergencyContactMasked !== null}
        cleared={cleared.has('emergencyContact')}
        onCleared={(c) => onCleared('emergencyContact', c)}
      >
        <EmergencyContactInputs rowClassName="mp-form-row" />
        <p className="mp-edit-hint">{keep}</p>
      </EditMaskedField>
    </>
  );
}
