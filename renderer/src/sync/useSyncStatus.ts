import { useEffect, useState } from 'react';
import type { SyncStatusDto } from '../../../core/contract/syncMethods';
import { call, onEvent } from '../api/kiosk';

/** The sync status: asked once on mount, then kept current by 'sync.status' pushes. */
export function useSyncStatus(enabled = true): [SyncStatusDto | null, (s: SyncStatusDto) => void] {
  const [status, setStatus] = useState<SyncStatusDto | null>(null);
  useEffect(() => onEvent('sync.status', (s) => setStatus(s)), []);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void call('sync.status', {}).then((res) => {
      if (live && res.ok) setStatus(res.value);
    });
    return () => {
      live = false;
    };
  }, [enabled]);
  return [status, setStatus];
}
