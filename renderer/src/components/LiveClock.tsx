import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';

/** The branch's time, on the services' clock (see DeskState.clockOffsetMs). */
export function LiveClock() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone, clockOffsetMs } = useDesk();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const at = new Date(now + clockOffsetMs);
  return (
    <time className="clock" aria-label={t('header.clock')} dateTime={at.toISOString()}>
      {formatClock(at, timeZone, locale)}
    </time>
  );
}
