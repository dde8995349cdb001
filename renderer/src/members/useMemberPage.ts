import { useCallback, useEffect, useRef, useState } from 'react';
import type { MemberPageDto } from '../../../core/contract/memberDto';
import { call, type DeskError } from '../api/kiosk';

export interface MemberPageState {
  page: MemberPageDto | null;
  error: DeskError | null;
  loading: boolean;
  reload(): void;
}

/**
 * The member page as the services answer it. A reload keeps the shown page until the new one
 * arrives (no flash after each action); an answer to an older request is dropped.
 */
export function useMemberPage(memberId: string): MemberPageState {
  const [page, setPage] = useState<MemberPageDto | null>(null);
  const [error, setError] = useState<DeskError | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);

  const reload = useCallback(() => {
    const id = ++latest.current;
    setLoading(true);
    void call('members.page', { memberId }).then((res) => {
      if (id !== latest.current) return;
      setLoading(false);
      if (res.ok) {
        setPage(res.value);
        setError(null);
      } else setError(res.error);
    });
  }, [memberId]);

  useEffect(reload, [reload]);
  return { page, error, loading, reload };
}
