import { Form, Input } from 'antd';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { type IdCardStatus, idCardStatus } from '../idCardStatus';

interface Props {
  today: string;
  /** True once the clerk left the field (or pressed save): a short number is then an error, not "still typing". */
  finishedRef: RefObject<boolean>;
  label?: string;
  ariaLabel?: string;
  placeholder: string;
  disabled: boolean;
  /** After each keystroke, with what was typed (registration fills birthday and gender from a valid number). */
  onTyped?(raw: string): void;
}

/**
 * The ID number, checked as typed by the same GB 11643 parser the service uses: progress while
 * typing, the birthday and gender it holds once valid, the problem named when it is not.
 */
export function IdCardField({ today, finishedRef, label, ariaLabel, placeholder, disabled, onTyped }: Props) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const status: IdCardStatus = idCardStatus(Form.useWatch('idCard', form) as string | undefined, today, false);
  const extra =
    status.kind === 'typing'
      ? t('register.idCard.progress', { count: status.count })
      : status.kind === 'valid'
        ? t('register.idCard.valid', { birthday: status.card.birthday, gender: t(`register.genders.${status.card.gender}`) })
        : undefined;
  return (
    <Form.Item
      name="idCard"
      {...(label ? { label } : {})}
      extra={extra}
      validateTrigger={['onChange', 'onBlur']}
      rules={[
        {
          validator: (_rule, value: string | undefined) => {
            const checked = idCardStatus(value, today, finishedRef.current);
            return checked.kind === 'invalid' ? Promise.reject(new Error(t(`register.idCard.${checked.reason}`))) : Promise.resolve();
          },
        },
      ]}
    >
      <Input
        maxLength={18}
        placeholder={placeholder}
        {...(ariaLabel ? { 'aria-label': ariaLabel } : {})}
        autoComplete="off"
        disabled={disabled}
        onChange={(e) => {
          finishedRef.current = false;
          onTyped?.(e.target.value);
        }}
        onBlur={() => {
          finishedRef.current = true;
          void form.validateFields(['idCard']).catch(() => undefined);
        }}
      />
    </Form.Item>
  );
}
