import { Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatusDto } from '../../../core/contract/syncMethods';
import { call } from '../api/kiosk';
import { errorText } from '../i18n/errors';
import { useDesk } from '../state/DeskContext';

type EnrollError = { field: 'serverUrl' | 'code' | null; text: string };

/**
 * The server address and one-time code an enrollment (连接总部) or re-enrollment sends, and the
 * request itself: an input the main process refuses is shown under its own field.
 */
export function useEnrollRequest(method: 'sync.enroll' | 'sync.reenroll', initialServerUrl = '') {
  const { t } = useTranslation();
  const { info } = useDesk();
  const [serverUrl, setServerUrl] = useState(initialServerUrl);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<EnrollError | null>(null);

  /** The new status on success (the code is cleared), null when refused (the error is set). */
  const submit = async (): Promise<SyncStatusDto | null> => {
    setBusy(true);
    setError(null);
    const res = await call(method, { serverUrl: serverUrl.trim(), code: code.trim(), deviceName: info?.device.name ?? 'kiosk' });
    setBusy(false);
    if (res.ok) {
      setCode('');
      return res.value;
    }
    const path = res.error.issues?.[0]?.path;
    const field = path === 'serverUrl' || path === 'code' ? path : null;
    setError({ field, text: field ? t(`sync.enroll.${field}Error`) : errorText(t, res.error) });
    return null;
  };

  return { serverUrl, setServerUrl, code, setCode, busy, error, ready: serverUrl.trim() !== '' && code.trim() !== '', submit };
}

/** The two inputs of an enrollment request and its error, as `useEnrollRequest` holds them. */
export function EnrollFields({ request, serverUrlPlaceholder }: { request: ReturnType<typeof useEnrollRequest>; serverUrlPlaceholder?: string }) {
  const { t } = useTranslation();
  const { serverUrl, setServerUrl, code, setCode, error } = request;
  return (
    <>
      <label className="manage-field">
        <span>{t('sync.enroll.serverUrl')}</span>
        <Input value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} placeholder={serverUrlPlaceholder} maxLength={200} status={error?.field === 'serverUrl' ? 'error' : ''} />
      </label>
      <label className="manage-field">
        <span>{t('sync.enroll.code')}</span>
        <Input value={code} onChange={(e) => setCode(e.target.value)} placeholder="XXXX-XXXX-XXXX" maxLength={64} status={error?.field === 'code' ? 'error' : ''} />
      </label>
      {error && (
        <p className="manage-field-error" role="alert">
          {error.text}
        </p>
      )}
    </>
  );
}
