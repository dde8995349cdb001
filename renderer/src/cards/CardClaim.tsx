import { createContext, useCallback, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { CardFormat } from '../../../core/cards/cardFormat';

export interface TappedCard {
  /** As the reader gave it (digits or hex). */
  card: string;
  format: CardFormat;
}

type Handler = (card: TappedCard) => void;

interface CardClaimState {
  /** The current claimant, or null: taps then check members in. */
  current(): Handler | null;
  claim(handler: Handler): () => void;
}

const CardClaimContext = createContext<CardClaimState | null>(null);

/**
 * A screen waiting for a card to bind (registration, card replacement) claims the next taps;
 * every other tap is a check-in. The newest claim wins and releasing it restores the previous one.
 */
export function CardClaimProvider({ children }: { children: ReactNode }) {
  const stack = useRef<Handler[]>([]);
  const current = useCallback(() => stack.current[stack.current.length - 1] ?? null, []);
  const claim = useCallback((handler: Handler) => {
    stack.current.push(handler);
    return () => {
      stack.current = stack.current.filter((h) => h !== handler);
    };
  }, []);
  const value = useMemo(() => ({ current, claim }), [current, claim]);
  return <CardClaimContext.Provider value={value}>{children}</CardClaimContext.Provider>;
}

export function useCardClaims(): CardClaimState {
  const ctx = useContext(CardClaimContext);
  if (!ctx) throw new Error('useCardClaims outside CardClaimProvider');
  return ctx;
}

/** While `active`, taps go to `onCard` instead of checking a member in. */
export function useClaimCards(active: boolean, onCard: Handler): void {
  const { claim } = useCardClaims();
  const ref = useRef(onCard);
  useEffect(() => {
    ref.current = onCard;
  });
  useEffect(() => (active ? claim((card) => ref.current(card)) : undefined), [active, claim]);
}
