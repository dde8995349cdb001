import { useCallback, useEffect, useState } from 'react';
import type { DeletionRequestDto } from '../../../core/contract/memberDto';
import { call, type DeskError } from '../api/kiosk';

export interface DeletionRequestsState {
  /** null while the first load runs. */
  requests: DeletionRequestDto[] | null;
  loading: boolean;
  error: DeskError | null;
  reload(): void;
}

/** The pending deletion requests, oldest first (as the service orders them). */
export function useDeletionRequests(): DeletionRequestsState {
  const [requests, setRequests] = useState<DeletionRequestDto[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<DeskError | null>(null);

  const reload = useCallback(() => {
    setLoading(true);
    void call('members.deletionRequests', {}).then((res) => {
      setLoading(false);
      if (res.ok) {
        setRequests(res.value);
        setError(null);
      } else setError(res.error);
    });
  }, []);
  useEffect(reload, [reload]);

  return { requests, loading, error, reload };
}
