import { Alert, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeletionRequestDto } from '../../../core/contract/memberDto';
import { deletionErrorText } from './deletionErrors';
import { useDeletionDecision } from './useDeletionDecision';

const NOTE_MIN = 2;
const NOTE_MAX = 200;

interface Props {
  request: DeletionRequestDto;
  onClose(): void;
  onDone(): void;
  onStale(): void;
}

/**
 * Rejecting keeps the member's data; the note is required here (the contract allows none) so the
 * colleague who took the request can tell the member why.
 */
export function RejectDeletionModal({ request, onClose, onDone, onStale }: Props) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const { busy, error, decide } = useDeletionDecision(request, onDone, onStale);
  const length = note.trim().length;
  const valid = length >= NOTE_MIN && length <= NOTE_MAX;

  const submit = async () => {
    setTouched(true);
    if (!valid || busy) return;
    await decide(false, note.trim());
  };

  return (
    <Modal
      open
      title={t('manage.deletion.rejectTitle')}
      okText={t('manage.deletion.rejectConfirm')}
      cancelText={t('manage.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
    >
      <p className="manage-modal-lead">{t('manage.deletion.rejectLead', { memberNo: request.memberNo, name: request.memberNameMasked })}</p>
      <label className="manage-field">
        <span>{t('manage.deletion.rejectNote')}</span>
        <Input.TextArea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          rows={3}
          maxLength={NOTE_MAX}
          showCount
          status={touched && !valid ? 'error' : undefined}
          placeholder={t('manage.deletion.rejectNotePlaceholder')}
        />
      </label>
      {touched && !valid && <p className="manage-field-error">{t('manage.deletion.noteLength', { min: NOTE_MIN, max: NOTE_MAX })}</p>}
      {error && <Alert type="error" showIcon title={t('manage.deletion.failed')} description={deletionErrorText(t, error)} />}
    </Modal>
  );
}
