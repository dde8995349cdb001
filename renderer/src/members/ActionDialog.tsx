import { Alert, App, Modal } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallResult, DeskError } from '../api/kiosk';
import { actionErrorText } from './actionErrors';

interface Props {
  title: string;
  okText: string;
  /** Irreversible or money-reversing actions get a red confirm button. */
  danger?: boolean;
  okDisabled?: boolean;
  /** A form too large for the small dialog (编辑资料): wider, centred, its body scrolls. */
  wide?: boolean;
  /** Checks the form and calls the service; null when the form still shows what is missing. */
  submit(): Promise<CallResult<unknown> | null>;
  successText: string;
  onClose(): void;
  /** After success, before the dialog closes: the page reloads its data. */
  onDone(): void;
  children: ReactNode;
}

/**
 * The frame of every action on the member page: one small dialog, the confirm button busy while
 * the service works, the service's refusal in plain words inside the dialog (so staff can fix
 * and retry), and a short success message once it is done. Mounted only while open, so each
 * opening starts from a clean form.
 */
export function ActionDialog({ title, okText, danger, okDisabled, wide, submit, successText, onClose, onDone, children }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DeskError | null>(null);

  const run = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const res = await submit();
    setBusy(false);
    if (!res) return;
    if (!res.ok) {
      setError(res.error);
      return;
    }
    void message.success(successText);
    onDone();
    onClose();
  };

  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText={t('memberPage.dialog.cancel')}
      okButtonProps={{ danger: danger ?? false, disabled: okDisabled ?? false }}
      confirmLoading={busy}
      onOk={() => void run()}
      onCancel={onClose}
      maskClosable={!busy}
      destroyOnHidden
      {...(wide ? { width: 920, centered: true, rootClassName: 'mp-dialog-wide' } : {})}
    >
      {/* Editing the form clears an old refusal: it no longer describes what is typed. */}
      <div className="mp-dialog" onInput={() => setError(null)}>
        {children}
      </div>
      {error && <Alert className="mp-dialog-error" type="error" showIcon title={t('memberPage.dialog.failed')} description={actionErrorText(t, error)} />}
    </Modal>
  );
}
