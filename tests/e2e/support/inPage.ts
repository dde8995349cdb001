import type { Page } from '@playwright/test';

/**
 * Key events built inside the page, for what trusted input cannot produce: an active IME
 * (key 'Process', isComposing) or a non-US layout (AZERTY: code 'Digit1' with key '&').
 * The events are created and dispatched in one task, spin-waiting 4–10 ms between keys: their
 * timeStamps are then exactly reader-like, whatever else the page or the machine is doing.
 *
 * The callbacks run in the browser; this module is type-checked without the DOM library, so the
 * few browser globals used there are declared locally.
 */
interface PageEventTarget {
  dispatchEvent(event: object): boolean;
}
declare const document: { activeElement: PageEventTarget | null; body: PageEventTarget };
declare const KeyboardEvent: new (type: string, init: Record<string, unknown>) => object;
declare const performance: { now(): number };

export interface SyntheticKey {
  code: string;
  key: string;
}

/** AZERTY (French) unshifted digit row: the characters the layout would type. */
export const AZERTY_DIGIT_KEYS: Record<string, string> = {
  '1': '&',
  '2': 'é',
  '3': '"',
  '4': "'",
  '5': '(',
  '6': '-',
  '7': 'è',
  '8': '_',
  '9': 'ç',
  '0': 'à',
};

export function digitKeys(digits: string, keyFor: (digit: string) => string): SyntheticKey[] {
  return [...digits].map((d) => ({ code: `Digit${d}`, key: keyFor(d) }));
}

/**
 * Dispatches keydown/keyup pairs 4–10 ms apart at the focused element, then Enter; several
 * cards in one call are tapped back to back.
 */
export async function dispatchTaps(page: Page, cards: SyntheticKey[][], options: { isComposing?: boolean } = {}): Promise<void> {
  await page.evaluate(
    ({ cards, isComposing }) => {
      const target = document.activeElement ?? document.body;
      const fire = (type: string, k: { code: string; key: string }, composing: boolean) =>
        target.dispatchEvent(
          new KeyboardEvent(type, {
            code: k.code,
            key: k.key,
            isComposing: composing,
            // IMEs report 229 for every key they swallow.
            keyCode: composing ? 229 : 0,
            bubbles: true,
            cancelable: true,
            composed: true,
          }),
        );
      const spin = (ms: number) => {
        const until = performance.now() + ms;
        while (performance.now() < until) {
          // busy-wait: keeps the gap exact (a timer could be delayed by rendering)
        }
      };
      for (const keys of cards) {
        for (const k of keys) {
          fire('keydown', k, isComposing);
          fire('keyup', k, isComposing);
          spin(4 + Math.random() * 6);
        }
        // The reader's Enter; under an IME the terminator is still the physical Enter key.
        fire('keydown', { code: 'Enter', key: isComposing ? 'Process' : 'Enter' }, isComposing);
        fire('keyup', { code: 'Enter', key: 'Enter' }, false);
        spin(5);
      }
    },
    { cards, isComposing: options.isComposing ?? false },
  );
}

export async function dispatchTap(page: Page, keys: SyntheticKey[], options: { isComposing?: boolean } = {}): Promise<void> {
  await dispatchTaps(page, [keys], options);
}
