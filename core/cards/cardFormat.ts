/** How a reader prints a card's UID. A per-reader setting; the store keeps one canonical UID. */
export const CARD_FORMATS = ['hex', 'hex-reversed', 'dec10', 'dec10-reversed', 'w26'] as const;
export type CardFormat = (typeof CARD_FORMATS)[number];
