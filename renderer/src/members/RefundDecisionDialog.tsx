import { Alert, Form, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MembershipDto, MembershipEventDto } from '../../../core/contract/memberDto';
import { call } from '../api/kiosk';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';
import { ActionDialog } from './ActionDialog';
import { formatInstantDateTime } from './dates';
import { validated } from './formRules';
import { formatYuan } from '../i18n/money';
import { NoteField } from './NoteField';
import { planLabel } from './planName';

interface Values {
  decision: 'approve' | 'reject';
  note?: string;
}

/** The manager's answer to a refund request; approving ends the membership (it is cancelled). */
export function RefundDecisionDialog({
  membership,
  request,
  onClose,
  onDone,
}: {
  membership: MembershipDto;
  request: MembershipEventDto | null;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone } = useDesk();
  const [form] = Form.useForm<Values>();
  const decision = Form.useWatch('decision', form);
  const refundId = membership.pendingRefundId;

  const submit = async () => {
    const v = await validated(form);
    if (!v || !refundId) return null;
    const note = v.note?.trim();
    return call('membership.decideRefund', { refundId, approve: v.decision === 'approve', ...(note ? { note } : {}) });
  };

  return (
    <ActionDialog
      title={t('memberPage.refund.decideTitle')}
      okText={decision === 'reject' ? t('memberPage.refund.rejectOk') : t('memberPage.refund.approveOk')}
      danger={decision !== 'reject'}
      okDisabled={!refundId || !decision}
      submit={submit}
      successText={decision === 'reject' ? t('memberPage.refund.rejected') : t('memberPage.refund.approved')}
      onClose={onClose}
      onDone={onDone}
    >
      {request && (
        <dl className="mp-fields mp-request">
          <div className="mp-field">
            <dt>{t('memberPage.refund.amount')}</dt>
            <dd>{request.amountFen !== null ? formatYuan(request.amountFen) : '—'}</dd>
          </div>
          <div className="mp-field">
            <dt>{t('memberPage.refund.reason')}</dt>
            <dd>{request.reason ?? '—'}</dd>
          </div>
          <div className="mp-field">
            <dt>{t('memberPage.refund.requestedBy')}</dt>
            <dd>{t('memberPage.history.byAt', { staff: request.staffName ?? '—', at: formatInstantDateTime(request.occurredAt, timeZone, locale) })}</dd>
          </div>
        </dl>
      )}
      <Form form={form} layout="vertical">
        <Form.Item name="decision" label={t('memberPage.refund.decision')} rules={[{ required: true, message: t('memberPage.refund.decisionRequired') }]}>
          <Radio.Group optionType="button" buttonStyle="solid">
            <Radio.Button value="approve">{t('memberPage.refund.approve')}</Radio.Button>
            <Radio.Button value="reject">{t('memberPage.refund.reject')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <NoteField label={t('memberPage.refund.note')} />
      </Form>
      {decision === 'approve' && <Alert type="warning" showIcon title={t('memberPage.refund.approveWarning', { plan: planLabel(membership, locale) })} />}
    </ActionDialog>
  );
}
