import 'dayjs/locale/zh-cn';
import { Alert, DatePicker, Form } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { MembershipDto } from '../../../core/contract/memberDto';
import { freezeDays, MAX_FREEZE_DAYS, validUntilAfterFreeze } from '../../../core/membership/freeze';
import { addDays } from '../../../core/time/localDate';
import { call } from '../api/kiosk';
import { formatCalendarDate } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { ActionDialog } from './ActionDialog';
import { fromPickerValue, toPickerValue, useBranchToday } from './dates';
import { validated } from './formRules';
import { ReasonField } from './ReasonField';

interface Values {
  from: Dayjs;
  until: Dayjs;
  reason: string;
}

/**
 * 暂停 (freeze): a window of at most 90 days inside the membership's own days, from today on.
 * The member keeps the paid days, so the last day moves out by the frozen days; the preview
 * shows the new last day with the same arithmetic the service uses.
 */
export function FreezeDialog({ membership, onClose, onDone }: { membership: MembershipDto; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const today = useBranchToday();
  const [form] = Form.useForm<Values>();
  const from = Form.useWatch('from', form);
  const until = Form.useWatch('until', form);
  const earliest = membership.startsOn > today ? membership.startsOn : today;
  const fromText = from ? fromPickerValue(from) : null;
  const untilText = until ? fromPickerValue(until) : null;
  const valid = fromText && untilText && untilText >= fromText && freezeDays(fromText, untilText) <= MAX_FREEZE_DAYS;

  const submit = async () => {
    const v = await validated(form);
    if (!v) return null;
    return call('membership.freeze', { membershipId: membership.id, from: fromPickerValue(v.from), until: fromPickerValue(v.until), reason: v.reason.trim() });
  };

  return (
    <ActionDialog title={t('memberPage.freeze.title')} okText={t('memberPage.freeze.ok')} submit={submit} successText={t('memberPage.freeze.done')} onClose={onClose} onDone={onDone}>
      <p>{t('memberPage.freeze.intro', { max: MAX_FREEZE_DAYS })}</p>
      <Form form={form} layout="vertical" initialValues={{ from: toPickerValue(earliest) }}>
        <div className="mp-form-row">
          <Form.Item name="from" label={t('memberPage.freeze.from')} rules={[{ required: true, message: t('memberPage.freeze.fromRequired') }]}>
            <DatePicker
              allowClear={false}
              disabledDate={(d) => {
                const day = fromPickerValue(d);
                return day < earliest || day > membership.validUntil;
              }}
              onChange={() => form.setFieldValue('until', undefined)}
            />
          </Form.Item>
          <Form.Item name="until" label={t('memberPage.freeze.until')} rules={[{ required: true, message: t('memberPage.freeze.untilRequired') }]}>
            <DatePicker
              disabled={!from}
              defaultPickerValue={from ?? undefined}
              disabledDate={(d) => {
                if (!fromText) return true;
                const day = fromPickerValue(d);
                return day < fromText || day > addDays(fromText, MAX_FREEZE_DAYS - 1);
              }}
            />
          </Form.Item>
        </div>
        <ReasonField label={t('memberPage.freeze.reason')} placeholder={t('memberPage.freeze.reasonPlaceholder')} />
      </Form>
      {valid && (
        <Alert
          type="info"
          className="mp-info"
          showIcon
          title={t('memberPage.freeze.preview', {
            days: freezeDays(fromText, untilText),
            from: formatCalendarDate(membership.validUntil, locale),
            to: formatCalendarDate(validUntilAfterFreeze(membership.validUntil, fromText, untilText), locale),
          })}
        />
      )}
    </ActionDialog>
  );
}
