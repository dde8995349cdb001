import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { DeskStateDto, SignInResultDto } from '../../../core/contract/staffDto';
import type { Permission } from '../../../core/staff/permissions';
import { call, onCallError, onEvent, type CallResult, type DeskError } from '../api/kiosk';

export interface SessionState {
  /** null until the first answer from the services. */
  state: DeskStateDto | null;
  error: DeskError | null;
  signIn(staffId: string, pin: string): Promise<CallResult<SignInResultDto>>;
  signOut(): Promise<void>;
  lock(): Promise<void>;
  /** Hides what the services would refuse; the services still check every call. */
  can(permission: Permission): boolean;
  reload(): void;
}

const SessionContext = createContext<SessionState | null>(null);

/** Staff activity counts at most this often; the desk locks after minutes, not seconds. */
const TOUCH_EVERY_MS = 30_000;

/**
 * Who holds the desk, as the services see it. The services push every change (including the
 * inactivity lock nobody asked for) as a 'staff.state' event; key presses and taps on the screen
 * tell them staff are still there.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<DeskStateDto | null>(null);
  const [error, setError] = useState<DeskError | null>(null);
  const lastTouch = useRef(0);

  const apply = useCallback((res: CallResult<DeskStateDto>) => {
    if (res.ok) {
      setState(res.value);
      setError(null);
    } else setError(res.error);
  }, []);

  const reload = useCallback(() => void call('staff.state', {}).then(apply), [apply]);
  useEffect(reload, [reload]);
  useEffect(() => onEvent('staff.state', (next) => setState(next)), []);
  useEffect(() => onCallError((e) => e.code === 'NO_STAFF_ON_DUTY' && reload()), [reload]);

  const active = state?.status === 'active';
  useEffect(() => {
    if (!active) return undefined;
    lastTouch.current = Date.now();
    const onActivity = () => {
      const now = Date.now();
      if (now - lastTouch.current < TOUCH_EVERY_MS) return;
      lastTouch.current = now;
      void call('staff.touch', {}).then(apply);
    };
    document.addEventListener('pointerdown', onActivity, { capture: true, passive: true });
    document.addEventListener('keydown', onActivity, { capture: true, passive: true });
    return () => {
      document.removeEventListener('pointerdown', onActivity, { capture: true });
      document.removeEventListener('keydown', onActivity, { capture: true });
    };
  }, [active, apply]);

  const signIn = useCallback(async (staffId: string, pin: string) => {
    const res = await call('staff.signIn', { staffId, pin });
    if (res.ok && res.value.ok) setState(res.value.state);
    return res;
  }, []);
  const signOut = useCallback(async () => apply(await call('staff.signOut', {})), [apply]);
  const lock = useCallback(async () => apply(await call('staff.lock', {})), [apply]);

  const value = useMemo<SessionState>(
    () => ({
      state,
      error,
      signIn,
      signOut,
      lock,
      reload,
      can: (permission) => state?.status === 'active' && state.permissions.includes(permission),
    }),
    [state, error, signIn, signOut, lock, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}
