import { useCallback, useMemo, useReducer, useRef } from 'react';
import type { CardFormat } from '../../../core/cards/cardFormat';
import type { CheckinResultDto, ClassQuotaDto } from '../../../core/contract/dto';
import { call, type CallResult, type DeskError } from '../api/kiosk';
import { playDecisionTone } from '../sound/tones';

/**
 * The queue of recent check-in attempts. Every tap gets its own entry the moment it happens and
 * its call resolves into that entry, so a second member's tap never waits behind the first
 * member's panel; the desk shows the newest entry unless staff picked an older one.
 */
export type TapOrigin =
  | { kind: 'card'; card: string; readerId: string }
  | { kind: 'manual'; memberId: string; name: string };

export interface TapEntry {
  key: string;
  origin: TapOrigin;
  /** PC time the tap happened (ms); shown shifted by the service clock offset. */
  startedAt: number;
  status: 'pending' | 'done' | 'failed';
  result: CheckinResultDto | null;
  error: DeskError | null;
  /** The reason staff typed when admitting anyway (the service does not echo it back). */
  overrideReason: string | null;
}

export const QUEUE_LENGTH = 10;

type Action =
  | { type: 'start'; entry: TapEntry }
  | { type: 'settle'; key: string; res: CallResult<CheckinResultDto> }
  | { type: 'overridden'; key: string; result: CheckinResultDto; reason: string }
  | { type: 'quota'; key: string; memberId: string; quota: ClassQuotaDto }
  | { type: 'select'; key: string | null };

interface State {
  entries: TapEntry[];
  /** null = follow the newest entry. */
  selected: string | null;
}

function update(state: State, key: string, fn: (e: TapEntry) => TapEntry): State {
  return { ...state, entries: state.entries.map((e) => (e.key === key ? fn(e) : e)) };
}

function reducer(state: State, action: Action): State {
  switch (action.type) {
    case 'start':
      // A new tap always takes the screen: the member in front of the desk is the newest one.
      return { entries: [action.entry, ...state.entries].slice(0, QUEUE_LENGTH), selected: null };
    case 'settle':
      return update(state, action.key, (e) =>
        action.res.ok
          ? { ...e, status: 'done', result: action.res.value, error: null }
          : { ...e, status: 'failed', result: null, error: action.res.error },
      );
    case 'overridden':
      return update(state, action.key, (e) => ({ ...e, result: action.result, overrideReason: action.reason }));
    case 'quota':
      return update(state, action.key, (e) =>
        e.result?.member && e.result.member.member.id === action.memberId
          ? { ...e, result: { ...e.result, member: { ...e.result.member, classQuota: action.quota } } }
          : e,
      );
    case 'select':
      return { ...state, selected: action.key };
  }
}

let counter = 0;

export function useTapQueue() {
  const [state, dispatch] = useReducer(reducer, { entries: [], selected: null });
  const latestKey = useRef<string | null>(null);

  const run = useCallback((origin: TapOrigin, request: () => Promise<CallResult<CheckinResultDto>>) => {
    counter += 1;
    const key = `tap-${counter}`;
    latestKey.current = key;
    dispatch({ type: 'start', entry: { key, origin, startedAt: Date.now(), status: 'pending', result: null, error: null, overrideReason: null } });
    void request().then((res) => {
      dispatch({ type: 'settle', key, res });
      // Only the tap on screen sounds: a slow earlier reply must not beep over the newest one.
      if (latestKey.current === key) playDecisionTone(res.ok ? res.value.color : 'red');
    });
    return key;
  }, []);

  const tapCard = useCallback(
    (card: string, format: CardFormat, readerId: string) =>
      run({ kind: 'card', card, readerId }, () => call('checkin.card', { card, format, readerId })),
    [run],
  );

  const checkInMember = useCallback(
    (memberId: string, name: string) => run({ kind: 'manual', memberId, name }, () => call('checkin.member', { memberId })),
    [run],
  );

  const markOverridden = useCallback((key: string, result: CheckinResultDto, reason: string) => {
    dispatch({ type: 'overridden', key, result, reason });
    playDecisionTone('green');
  }, []);

  const updateQuota = useCallback((key: string, memberId: string, quota: ClassQuotaDto) => {
    dispatch({ type: 'quota', key, memberId, quota });
  }, []);

  const select = useCallback((key: string | null) => dispatch({ type: 'select', key }), []);

  const shown = useMemo(
    () => (state.selected ? state.entries.find((e) => e.key === state.selected) : undefined) ?? state.entries[0] ?? null,
    [state],
  );

  return { entries: state.entries, shown, tapCard, checkInMember, markOverridden, updateQuota, select };
}

export type TapQueue = ReturnType<typeof useTapQueue>;
