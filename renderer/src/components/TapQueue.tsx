import { LoadingOutlined, WarningFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatTimeSeconds } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';
import type { TapEntry } from '../state/useTapQueue';
import { DECISION_STYLE } from '../theme';

/**
 * The last taps, newest first. Each resolves on its own; clicking one shows it again (e.g. to
 * admit a member whose red result was pushed off the screen by the next tap).
 */
export function TapQueue({ entries, shownKey, onSelect }: { entries: TapEntry[]; shownKey: string | null; onSelect(key: string): void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone, clockOffsetMs } = useDesk();
  return (
    <section className="side-block queue" aria-label={t('queue.title')}>
      <h3 className="block-title">{t('queue.title')}</h3>
      {entries.length === 0 ? (
        <p className="muted">{t('queue.empty')}</p>
      ) : (
        <ol className="queue-list" aria-label={t('queue.list')}>
          {entries.map((e) => {
            const r = e.result;
            const word =
              e.status === 'pending'
                ? t('queue.pending')
                : e.status === 'failed' || !r
                  ? t('queue.failed')
                  : r.overridden
                    ? t('decision.overridden')
                    : t(`decision.${r.color}`);
            const who =
              r?.member?.member.name ??
              (e.origin.kind === 'manual' ? e.origin.name : t('decision.cardLabel', { card: e.origin.card }));
            const color = r ? (r.overridden ? 'green' : r.color) : null;
            return (
              <li key={e.key}>
                <button
                  type="button"
                  className={`queue-item ${e.key === shownKey ? 'queue-item-shown' : ''}`}
                  aria-current={e.key === shownKey ? 'true' : undefined}
                  onClick={() => onSelect(e.key)}
                >
                  <span
                    className="queue-stripe"
                    style={{ background: color ? DECISION_STYLE[color].fill : e.status === 'failed' ? '#c62828' : '#c7d0d9' }}
                    aria-hidden
                  />
                  <span className="queue-text">
                    <span className="queue-who">{who}</span>
                    <span className="queue-word">
                      {e.status === 'pending' && <LoadingOutlined aria-hidden />}
                      {e.status === 'failed' && <WarningFilled aria-hidden />} {word}
                    </span>
                  </span>
                  <time className="queue-time">{formatTimeSeconds(new Date(e.startedAt + clockOffsetMs), timeZone, locale)}</time>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
