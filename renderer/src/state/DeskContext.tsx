import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { DeskInfoDto } from '../../../core/contract/dto';
import { call, type DeskError } from '../api/kiosk';
import { useReaders, type ReadersState } from './useReaders';

export interface DeskState extends ReadersState {
  info: DeskInfoDto | null;
  loadError: DeskError | null;
  reload(): void;
  /** The branch's zone: every time on screen is shown in it. */
  timeZone: string;
  /**
   * Service clock minus this PC's clock, so the header clock agrees with the times the services
   * stamp on visits (they may run on a pinned or corrected clock).
   */
  clockOffsetMs: number;
}

const DeskContext = createContext<DeskState | null>(null);

const FALLBACK_ZONE = 'Asia/Shanghai';

export function DeskProvider({ children }: { children: ReactNode }) {
  const [info, setInfo] = useState<DeskInfoDto | null>(null);
  const [loadError, setLoadError] = useState<DeskError | null>(null);
  const [clockOffsetMs, setClockOffsetMs] = useState(0);
  const readers = useReaders();

  const reload = useCallback(() => {
    setLoadError(null);
    const sentAt = Date.now();
    void call('desk.info', {}).then((res) => {
      if (!res.ok) {
        setLoadError(res.error);
        return;
      }
      // Half the round trip is the best guess for when the service read its clock.
      const midpoint = sentAt + (Date.now() - sentAt) / 2;
      setClockOffsetMs(Date.parse(res.value.now) - midpoint);
      setInfo(res.value);
    });
  }, []);

  useEffect(reload, [reload]);

  const value = useMemo<DeskState>(
    () => ({
      ...readers,
      info,
      loadError,
      reload,
      timeZone: info?.branch.timeZone ?? FALLBACK_ZONE,
      clockOffsetMs,
    }),
    [readers, info, loadError, reload, clockOffsetMs],
  );
  return <DeskContext.Provider value={value}>{children}</DeskContext.Provider>;
}

export function useDesk(): DeskState {
  const ctx = useContext(DeskContext);
  if (!ctx) throw new Error('useDesk outside DeskProvider');
  return ctx;
}
