import { Button } from 'antd';
import { useTranslation } from 'react-i18next';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** On-screen digits for touch screens; the PIN field takes the keyboard as well. */
export function PinPad({ onDigit, onBackspace, onClear, disabled }: { onDigit(d: string): void; onBackspace(): void; onClear(): void; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="pin-pad" role="group" aria-label={t('session.keypad')}>
      {KEYS.map((k) => (
        <Button key={k} size="large" onClick={() => onDigit(k)} disabled={disabled} tabIndex={-1}>
          {k}
        </Button>
      ))}
      <Button size="large" onClick={onClear} disabled={disabled} tabIndex={-1}>
        {t('session.clear')}
      </Button>
      <Button size="large" onClick={() => onDigit('0')} disabled={disabled} tabIndex={-1}>
        0
      </Button>
      <Button size="large" onClick={onBackspace} disabled={disabled} tabIndex={-1} aria-label={t('session.backspace')}>
        ⌫
      </Button>
    </div>
  );
}
