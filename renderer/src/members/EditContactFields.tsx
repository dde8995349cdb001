import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MemberPageDto } from '../../../core/contract/memberDto';
import { PHONE_RE } from '../register/formModel';
import { emergencyPairRule } from '../register/ProfileFields';
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
        <div className="mp-form-row">
          <Form.Item name="emergencyName" dependencies={['emergencyPhone']} rules={[emergencyPairRule('emergencyPhone', t('register.validation.emergencyBoth'))]}>
            <Input maxLength={40} placeholder={t('register.fields.emergencyName')} aria-label={t('register.fields.emergencyName')} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="emergencyPhone"
            dependencies={['emergencyName']}
            rules={[phoneRule, emergencyPairRule('emergencyName', t('register.validation.emergencyBoth'))]}
          >
            <Input
              inputMode="numeric"
              maxLength={11}
              placeholder={t('register.fields.emergencyPhone')}
              aria-label={t('register.fields.emergencyPhone')}
              autoComplete="off"
                  />
          </Form.Item>
        </div>
        <p className="mp-edit-hint">{keep}</p>
      </EditMaskedField>
    </>
  );
}
