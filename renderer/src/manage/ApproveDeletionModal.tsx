import { Alert, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeletionRequestDto } from '../../../core/contract/memberDto';
import { deletionErrorText } from './deletionErrors';
import { useDeletionDecision } from './useDeletionDecision';

const NOTE_MAX = 200;

/** What an approval erases for good, in the order staff know them from the registration form. */
const ERASED_FIELDS = ['name', 'phone', 'idCard', 'healthNotes', 'photo', 'emergencyContact'] as const;

interface Props {
  request: DeletionRequestDto;
  onClose(): void;
  onDone(): void;
  /** The request turned out to be decided already: the list behind is out of date. */
  onStale(): void;
}

/**
 * Approving a deletion cannot be undone, so the dialog says exactly what goes and what stays, and
 * the manager types the member number before the red button works: a click alone is too easy on
 * a touch screen.
 */
export function ApproveDeletionModal({ request, onClose, onDone, onStale }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [note, setNote] = useState('');
  const { busy, error, decide } = useDeletionDecision(request, onDone, onStale);
  const confirmed = typed.trim().toUpperCase() === request.memberNo.toUpperCase();

  const submit = async () => {
    if (!confirmed || busy) return;
    await decide(true, note.trim() || undefined);
  };

  return (
    <Modal
      open
      title={t('manage.deletion.approveTitle')}
      okText={t('manage.deletion.approveConfirm')}
      cancelText={t('manage.cancel')}
      okButtonProps={{ danger: true, disabled: !confirmed }}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      maskClosable={false}
    >
      <Alert type="warning" showIcon title={t('manage.deletion.irreversible')} />
      <p className="manage-modal-lead">{t('manage.deletion.approveLead', { memberNo: request.memberNo, name: request.memberNameMasked })}</p>
      <ul className="manage-erased-list">
        {ERASED_FIELDS.map((f) => (
          <li key={f}>{t(`manage.deletion.fields.${f}`)}</li>
        ))}
      </ul>
      <p>{t('manage.deletion.kept')}</p>
      <label className="manage-field">
        <span>{t('manage.deletion.typeMemberNo', { memberNo: request.memberNo })}</span>
        <Input
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onPressEnter={() => void submit()}
          autoComplete="off"
          placeholder={request.memberNo}
          status={typed && !confirmed ? 'warning' : undefined}
        />
      </label>
      <label className="manage-field">
        <span>{t('manage.deletion.noteOptional')}</span>
        <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={NOTE_MAX} showCount />
      </label>
      {error && <Alert type="error" showIcon title={t('manage.deletion.failed')} description={deletionErrorText(t, error)} />}
    </Modal>
  );
}
