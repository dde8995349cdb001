import { CheckCircleFilled, ExclamationCircleFilled, MinusCircleFilled } from '@ant-design/icons';
import type { ReactNode } from 'react';

type Tone = 'ok' | 'warn' | 'neutral';

const ICON: Record<Tone, ReactNode> = {
  ok: <CheckCircleFilled />,
  warn: <ExclamationCircleFilled />,
  neutral: <MinusCircleFilled />,
};

/** A small state label (photo taken, consent given, no card): icon and words, never colour alone. */
export function StatusChip({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <span className={`reg-chip reg-chip-${tone}`}>
      <span className="reg-chip-icon" aria-hidden>
        {ICON[tone]}
      </span>
      {children}
    </span>
  );
}
