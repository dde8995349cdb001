import { useCallback, useEffect, useState } from 'react';
import type { AuditEntryDto } from '../../../core/contract/staffDto';
import { call, type DeskError } from '../api/kiosk';

export const AUDIT_PAGE = 50;
/** audit.recent answers at most this many (contract limit); narrower filters reach older rows. */
export const AUDIT_MAX = 200;

export interface AuditFilter {
  action?: string;
  entityId?: string;
}

/**
 * The newest audit entries for a filter. audit.recent has no cursor, so "load more" asks again
 * with a larger limit: at most four round trips of small rows.
 */
export function useAuditLog(filter: AuditFilter) {
  const { action, entityId } = filter;
  // The limit belongs to one filter: a new filter starts again at one page.
  const key = `${action ?? ''}|${entityId ?? ''}`;
  const [paging, setPaging] = useState({ key, limit: AUDIT_PAGE });
  const limit = paging.key === key ? paging.limit : AUDIT_PAGE;
  const [entries, setEntries] = useState<AuditEntryDto[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<DeskError | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let current = true;
    setLoading(true);
    void call('audit.recent', { limit, ...(action ? { action } : {}), ...(entityId ? { entityId } : {}) }).then((res) => {
      if (!current) return;
      setLoading(false);
      if (res.ok) {
        setEntries(res.value);
        setError(null);
      } else setError(res.error);
    });
    return () => {
      current = false;
    };
  }, [limit, action, entityId, version]);

  const hasMore = entries !== null && entries.length === limit && limit < AUDIT_MAX;
  const loadMore = useCallback(() => setPaging({ key, limit: Math.min(limit + AUDIT_PAGE, AUDIT_MAX) }), [key, limit]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { entries, loading, error, hasMore, atMax: limit >= AUDIT_MAX && entries?.length === AUDIT_MAX, loadMore, reload };
}
