import { useEffect, useRef, useState } from 'react';
import type { MemberSummaryDto } from '../../../core/contract/dto';
import { call, type DeskError } from '../api/kiosk';

const DEBOUNCE_MS = 250;
/** The contract bounds the query at 40 characters. */
export const MAX_QUERY = 40;

/**
 * Member search as staff type: name, phone tail or member number, debounced, and a late answer
 * to an older query is dropped. Shared by the desk's manual check-in and the members screen.
 */
export function useMemberSearch(limit: number) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<MemberSummaryDto[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<DeskError | null>(null);
  const latest = useRef(0);

  useEffect(() => {
    const q = query.trim();
    const id = ++latest.current;
    if (!q) {
      setResults(null);
      setSearching(false);
      setError(null);
      return;
    }
    setSearching(true);
    const timer = window.setTimeout(() => {
      void call('members.search', { query: q.slice(0, MAX_QUERY), limit }).then((res) => {
        if (id !== latest.current) return;
        setSearching(false);
        setResults(res.ok ? res.value : null);
        setError(res.ok ? null : res.error);
      });
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [query, limit]);

  return { query, setQuery, results, searching, error };
}
