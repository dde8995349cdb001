import { useState } from 'react';
import type { DeletionRequestDto } from '../../../core/contract/memberDto';
import { call, type DeskError } from '../api/kiosk';

/**
 * Sends a manager's decision on a deletion request (approve or reject), for both dialogs: busy
 * while it runs, the error if refused, and a request decided meanwhile (CONFLICT, NOT_FOUND)
 * reported as stale so the list behind reloads.
 */
export function useDeletionDecision(request: DeletionRequestDto, onDone: () => void, onStale: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DeskError | null>(null);

  const decide = async (approve: boolean, note: string | undefined) => {
    setBusy(true);
    setError(null);
    const res = await call('members.decideDeletion', { requestId: request.id, approve, ...(note ? { note } : {}) });
    setBusy(false);
    if (res.ok) return onDone();
    setError(res.error);
    if (res.error.code === 'CONFLICT' || res.error.code === 'NOT_FOUND') onStale();
  };

  return { busy, error, decide };
}
