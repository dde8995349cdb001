import { useCallback, useEffect, useRef, useState } from 'react';
import type { DuplicateDto } from '../../../core/contract/memberDto';
import { call, type DeskError } from '../api/kiosk';

export interface DuplicatesState {
  duplicates: DuplicateDto[];
  checking: boolean;
  error: DeskError | null;
  /** Asks again now (after the service refused a save as a probable duplicate). */
  refresh(): void;
}

/** Typing pauses this long before the service is asked: one look-up per number, not per key. */
const DEBOUNCE_MS = 300;

/**
 * Probable duplicates for a complete mobile number and/or a valid ID number. Pass null for a
 * value that is not complete yet; with neither there is nothing to look up.
 */
export function useDuplicates(phone: string | null, idCard: string | null): DuplicatesState {
  const [duplicates, setDuplicates] = useState<DuplicateDto[]>([]);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<DeskError | null>(null);
  const [round, setRound] = useState(0);
  // Answers can arrive out of order; only the newest question's answer is shown.
  const latest = useRef(0);

  useEffect(() => {
    const ask = ++latest.current;
    if (phone === null && idCard === null) {
      setDuplicates([]);
      setChecking(false);
      setError(null);
      return undefined;
    }
    setChecking(true);
    const timer = window.setTimeout(() => {
      void call('members.findDuplicates', { ...(phone ? { phone } : {}), ...(idCard ? { idCard } : {}) }).then((res) => {
        if (ask !== latest.current) return;
        setChecking(false);
        if (res.ok) {
          setDuplicates(res.value);
          setError(null);
        } else setError(res.error);
      });
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [phone, idCard, round]);

  const refresh = useCallback(() => setRound((r) => r + 1), []);
  return { duplicates, checking, error, refresh };
}
