import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckinResultDto } from '../../../core/contract/dto';
import { OverrideModal } from './OverrideModal';

/**
 * 准许入场: offered only for a denied check-in that wrote a visit (not for an unknown card, and
 * not for a duplicate whose earlier visit was already admitted).
 */
export function OverrideButton({ result, onDone }: { result: CheckinResultDto; onDone(result: CheckinResultDto, reason: string): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (result.color !== 'red' || result.admitted || result.duplicate || !result.visitId || !result.member) return null;
  const visitId = result.visitId;
  return (
    <>
      <Button size="large" icon={<SafetyCertificateOutlined aria-hidden />} onClick={() => setOpen(true)} className="override-button">
        {t('override.button')}
      </Button>
      <OverrideModal
        open={open}
        visitId={visitId}
        memberName={result.member.member.name}
        onClose={() => setOpen(false)}
        onDone={(next, reason) => {
          setOpen(false);
          onDone(next, reason);
        }}
      />
    </>
  );
}
