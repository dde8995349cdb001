import type { TFunction } from 'i18next';
import type { PullIssueDto, SyncStatusDto } from '../../../core/contract/syncMethods';
/** The desk's locales (renderer/src/i18n LOCALES), spelled out: this file is also type-checked by the node tests. */
type Locale = 'zh-CN' | 'en';

/** A clock offset beyond this is worth telling staff about (the header clock would be visibly wrong). */
export const CLOCK_FLAG_MS = 60_000;

export type SyncErrorKind = 'network' | 'unavailable' | 'device' | 'update' | 'diverged' | 'credential' | 'locked' | 'other';

/**
 * The engine's last error (English, for logs) sorted into what staff can do about it. The
 * patterns follow the messages services/sync/pushClient.ts and enrollment.ts write; anything else
 * reads as "other", with the technical text one click away.
 */
export function syncErrorKind(message: string): SyncErrorKind {
  const m = message.toLowerCase();
  if (m.startsWith('network') || m.includes('cannot be reached')) return 'network';
  if (m.includes('unavailable')) return 'unavailable';
  if (m.includes('update required') || m.includes('version')) return 'update';
  if (m.includes('diverged') || m.includes('out_of_order') || m.includes('keeps expecting')) return 'diverged';
  if (m.includes('credential') || m.includes('not enrolled')) return 'credential';
  if (m.includes('refused this device')) return 'device';
  if (m.includes('lock')) return 'locked';
  return 'other';
}

/** "2 小时" / "2 hours": the largest whole unit of a duration. */
export function durationWords(t: TFunction, ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  if (minutes >= 24 * 60) return t('sync.duration.days', { count: Math.round(minutes / (24 * 60)) });
  if (minutes >= 60) return t('sync.duration.hours', { count: Math.round(minutes / 60) });
  return t('sync.duration.minutes', { count: minutes });
}

/** "本机时钟比总部慢 2 小时", or null when the PC clock is close enough. Offset = head office − PC. */
export function clockWords(t: TFunction, offsetMs: number): string | null {
  if (Math.abs(offsetMs) <= CLOCK_FLAG_MS) return null;
  const amount = durationWords(t, offsetMs);
  return offsetMs > 0 ? t('sync.page.clockSlow', { amount }) : t('sync.page.clockFast', { amount });
}

/**
 * "3 分钟前" / "3 minutes ago", measured on the services' clock; under a minute (or a moment
 * ahead, as the page's estimate of that clock may be) it is "刚刚".
 */
export function relativeWords(t: TFunction, iso: string, nowMs: number, locale: Locale): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return '';
  const seconds = Math.round((at - nowMs) / 1000);
  if (seconds > -60) return t('sync.page.justNow');
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}

/** The mutation's name in words (visit.record → 签到记录); an unknown one keeps its name. */
export function mutationWords(t: TFunction, name: string): string {
  return t(`sync.mutation.${name}` as 'sync.mutation.unknown', { defaultValue: t('sync.mutation.unknown', { name }) });
}

/** A rejection code in words (CONFLICT → 与总部已有的数据冲突). */
export function reasonWords(t: TFunction, code: string | null): string {
  if (!code) return t('sync.reason.other');
  return t(`sync.reason.${code}` as 'sync.reason.other', { defaultValue: t('sync.reason.other') });
}

/** A replicated table's name in words (member → 会员资料); any other reads as 记录. */
function tableWords(t: TFunction, table: string | null): string {
  return t(`sync.pulled.table.${table ?? 'unknown'}` as 'sync.pulled.table.unknown', { defaultValue: t('sync.pulled.table.unknown') });
}

/**
 * A row the pull could not take as sent, in two lines of staff's words: what happened (short)
 * and why, with what to do. Only fixed words and branch codes: never a value of the row.
 */
export function pullIssueWords(t: TFunction, issue: PullIssueDto): { what: string; why: string } {
  const table = tableWords(t, issue.table);
  switch (issue.kind) {
    case 'rowFailed':
      return {
        what: t('sync.pulled.what.rowFailed', { table }),
        why: t('sync.pulled.rowFailed', { table, reason: t(`sync.pulled.reason.${issue.reason ?? 'other'}` as 'sync.pulled.reason.other') }),
      };
    case 'branchCodeYielded':
      return { what: t('sync.pulled.what.branchCodeYielded'), why: t('sync.pulled.branchCodeYielded', { from: issue.codes?.from ?? '', to: issue.codes?.to ?? '' }) };
    case 'memberNoMovedAside':
      return { what: t('sync.pulled.what.memberNoMovedAside'), why: t('sync.pulled.memberNoMovedAside') };
  }
}

export type SyncState = SyncStatusDto['state'];
