import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type Page = 'desk' | 'members' | 'register' | 'manage';

export interface NavState {
  page: Page;
  /** The member open on the members page, if any. */
  memberId: string | null;
  go(page: Page): void;
  openMember(memberId: string): void;
}

const NavContext = createContext<NavState | null>(null);

/** Which screen the desk shows. Four screens do not need a router. */
export function NavProvider({ children }: { children: ReactNode }) {
  const [page, setPage] = useState<Page>('desk');
  const [memberId, setMemberId] = useState<string | null>(null);
  const go = useCallback((next: Page) => {
    setPage(next);
    if (next === 'members') setMemberId(null);
  }, []);
  const openMember = useCallback((id: string) => {
    setMemberId(id);
    setPage('members');
  }, []);
  const value = useMemo(() => ({ page, memberId, go, openMember }), [page, memberId, go, openMember]);
  return <NavContext.Provider value={value}>{children}</NavContext.Provider>;
}

export function useNav(): NavState {
  const ctx = useContext(NavContext);
  if (!ctx) throw new Error('useNav outside NavProvider');
  return ctx;
}
