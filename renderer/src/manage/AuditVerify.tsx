import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../core/contract/methods';
import { call, type DeskError } from '../api/kiosk';
import { errorText } from '../i18n/errors';

const PROBLEMS = ['hash_mismatch', 'broken_link', 'gap'] as const;
const isProblem = (p: string | null): p is (typeof PROBLEMS)[number] => p !== null && (PROBLEMS as readonly string[]).includes(p);

/**
 * 校验审计链: walks the whole hash chain in the services and says whether it is intact, or the
 * first entry that does not fit and how (edited, unlinked, missing rows before it).
 */
export function AuditVerify() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<MethodOutput<'audit.verify'> | null>(null);
  const [error, setError] = useState<DeskError | null>(null);

  const verify = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    const res = await call('audit.verify', {});
    setBusy(false);
    if (res.ok) setResult(res.value);
    else setError(res.error);
  };

  return (
    <>
      <Button icon={<SafetyCertificateOutlined />} onClick={() => void verify()} loading={busy}>
        {t('manage.audit.verify')}
      </Button>
      <div className="manage-verify-result" aria-live="polite">
        {result?.ok && <Alert type="success" showIcon title={t('manage.audit.verifyOk', { count: result.checked })} closable={{ onClose: () => setResult(null) }} />}
        {result && !result.ok && (
          <Alert
            type="error"
            showIcon
            title={t('manage.audit.verifyBroken', { seq: result.brokenAtSeq ?? '?' })}
            description={`${isProblem(result.problem) ? t(`manage.audit.problem.${result.problem}`) : (result.problem ?? '')} ${t('manage.audit.verifyChecked', { count: result.checked })}`}
          />
        )}
        {error && <Alert type="error" showIcon title={t('manage.audit.verifyFailed')} description={errorText(t, error)} />}
      </div>
    </>
  );
}
