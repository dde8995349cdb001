import { Alert, Button } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClassQuotaDto, ClassSessionDto } from '../../../core/contract/dto';
import { call, type DeskError } from '../api/kiosk';
import { errorText } from '../i18n/errors';
import { formatTime } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';

type Outcome = { type: 'success' | 'warning' | 'error'; text: string };

interface Props {
  memberId: string;
  quota: ClassQuotaDto;
  onQuota(quota: ClassQuotaDto): void;
}

/**
 * Group-class check-in for the member on screen: today's classes with coach, time and places,
 * one button each. The answer says whether a free class of the monthly quota was used and what
 * is left, or that the quota is used up and the class is charged.
 */
export function ClassCheckin({ memberId, quota, onQuota }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone } = useDesk();
  const [classes, setClasses] = useState<ClassSessionDto[] | null>(null);
  const [loadError, setLoadError] = useState<DeskError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const load = useCallback(async () => {
    const res = await call('classes.today', {});
    if (res.ok) {
      setClasses(res.value);
      setLoadError(null);
    } else setLoadError(res.error);
    return res.ok ? res.value : null;
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const checkIn = async (session: ClassSessionDto) => {
    setBusy(session.id);
    setOutcome(null);
    const res = await call('classes.checkIn', { memberId, sessionId: session.id });
    setBusy(null);
    if (res.ok) {
      const { usedFreeQuota, quota: after, session: updated } = res.value;
      onQuota(after);
      setClasses((list) => list?.map((c) => (c.id === updated.id ? updated : c)) ?? list);
      const name = updated.name;
      setOutcome(
        !usedFreeQuota
          ? { type: 'warning', text: t('classes.charged', { name }) }
          : after.remaining === null
            ? { type: 'success', text: t('classes.usedFreeUnlimited', { name }) }
            : { type: 'success', text: t('classes.usedFree', { name, remaining: after.remaining }) },
      );
      return;
    }
    if (res.error.code === 'CONFLICT') {
      // The service says which conflict in its issues: the member's membership, or the class.
      const issue = res.error.issues?.[0];
      if (issue?.path === 'membership') {
        setOutcome({ type: 'error', text: t('classes.membershipInactive', { status: t(`classes.membershipStatus.${issue.message === 'none' ? 'none' : issue.message}` as 'classes.membershipStatus.none') }) });
        return;
      }
      if (issue?.message === 'full') void load();
      setOutcome({ type: 'error', text: t(issue?.message === 'full' ? 'classes.classFull' : 'classes.alreadyCheckedIn', { name: session.name }) });
      return;
    }
    setOutcome({ type: 'error', text: t('classes.failedWith', { error: errorText(t, res.error) }) });
  };

  const quotaText =
    quota.monthly === null
      ? t('classes.quotaUnlimited')
      : quota.monthly === 0
        ? t('classes.quotaNone')
        : t('classes.quotaRemaining', { remaining: quota.remaining ?? 0, monthly: quota.monthly });

  return (
    <section className="card-block" aria-label={t('classes.title')}>
      <div className="block-title-row">
        <h3 className="block-title">{t('classes.title')}</h3>
        <span className={`quota ${quota.remaining === 0 ? 'quota-empty' : ''}`}>
          <span className="quota-label">{t('classes.quota')}</span>
          <strong>{quotaText}</strong>
        </span>
      </div>
      {loadError && <Alert type="error" showIcon title={errorText(t, loadError)} />}
      {!classes && !loadError && <p className="muted">{t('classes.loading')}</p>}
      {classes && classes.length === 0 && <p className="muted">{t('classes.none')}</p>}
      {classes && classes.length > 0 && (
        <ul className="classes">
          {classes.map((c) => {
            const time = formatTime(c.startsAt, timeZone, locale);
            const full = c.attendees >= c.capacity;
            return (
              <li key={c.id}>
                <span className="class-time">{t('classes.timeRange', { from: time, to: formatTime(c.endsAt, timeZone, locale) })}</span>
                <span className="class-name">{c.name}</span>
                <span className="muted class-coach">{c.coachName}</span>
                <span className={`class-places ${full ? 'status-bad' : ''}`}>
                  {full ? t('classes.full') : t('classes.attendees', { attendees: c.attendees, capacity: c.capacity })}
                </span>
                <Button
                  size="small"
                  aria-label={t('classes.checkInAria', { name: c.name, time })}
                  loading={busy === c.id}
                  disabled={full || (busy !== null && busy !== c.id)}
                  onClick={() => void checkIn(c)}
                >
                  {t('classes.checkIn')}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      {outcome && (
        <Alert className="class-outcome" type={outcome.type} showIcon title={outcome.text} role={outcome.type === 'error' ? 'alert' : 'status'} />
      )}
    </section>
  );
}
