import { useEffect, useRef } from 'react';
import type { CardFormat } from '../../../core/cards/cardFormat';
import { codeToChar, createWedgeDecoder, type WedgeOutput, type WedgeProfile } from '../../../core/cards/wedgeDecoder';

/**
 * Keyboard-wedge card capture. A keyboard-emulating reader "types" the card number and Enter;
 * every keydown of the page goes through the pure decoder (core/cards/wedgeDecoder) first, at
 * the document in the capture phase, before any input or React handler sees it.
 *
 * - 'pending': the key might belong to a card burst, so it is held back (preventDefault — no
 *   digit lands in the search box, and an active IME never starts composing it).
 * - 'release': it was a person after all; the held keys are given back, in order, to the focused
 *   text field with execCommand('insertText') (React inputs observe it like typing). The key that
 *   caused the release is the last of its codes and simply goes through natively, which keeps the
 *   order and also covers keys we cannot replay (Backspace, Tab, a human's Enter).
 * - 'card': a whole card number arrived; the terminator and the digits are swallowed.
 * - 'repeat': the same card again within the debounce window (card resting on the reader).
 * A ~20 ms timer runs only while keys are held, to release them once the burst goes quiet.
 */
const TICK_MS = 20;

interface HeldKey {
  code: string;
  key: string;
  modified: boolean;
}

export function charsetFor(format: CardFormat): WedgeProfile['charset'] {
  return format === 'hex' || format === 'hex-reversed' ? 'hex' : 'dec';
}

function isTextField(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement | HTMLElement {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement) return !el.readOnly && !el.disabled;
  if (el instanceof HTMLInputElement) {
    const textual = ['', 'text', 'search', 'tel', 'number', 'email', 'url', 'password'].includes(el.type);
    return textual && !el.readOnly && !el.disabled;
  }
  return el instanceof HTMLElement && el.isContentEditable;
}

export interface WedgeCaptureOptions {
  /** The keyboard reader's card-number format (decides the charset). */
  format: CardFormat;
  onCard(raw: string): void;
  /** A card left on the reader re-read within the debounce window. */
  onRepeat?(raw: string): void;
}

type Scheduling = { isInputPending?: () => boolean };
const inputPending = (): boolean => (navigator as Navigator & { scheduling?: Scheduling }).scheduling?.isInputPending?.() ?? false;

export function useWedgeCapture({ format, onCard, onRepeat }: WedgeCaptureOptions): void {
  // Callbacks through refs: re-registering the document listener would drop held keys.
  const onCardRef = useRef(onCard);
  const onRepeatRef = useRef(onRepeat);
  useEffect(() => {
    onCardRef.current = onCard;
    onRepeatRef.current = onRepeat;
  });
  const charset = charsetFor(format);

  useEffect(() => {
    const decoder = createWedgeDecoder({ charset });
    const held: HeldKey[] = [];
    let timer: number | null = null;

    const charOf = (k: HeldKey): string => {
      if (k.modified) return '';
      // The character the layout produced ('&' on AZERTY) is what the person meant to type…
      if ([...k.key].length === 1) return k.key;
      // …but under an IME the key is 'Process': fall back to the physical key's character.
      return codeToChar(k.code, charset) ?? '';
    };

    const replay = (keys: HeldKey[]): void => {
      const text = keys.map(charOf).join('');
      if (!text || !isTextField(document.activeElement)) return;
      document.execCommand('insertText', false, text);
    };

    /** Applies the decoder's verdicts; returns whether the current key must be swallowed. */
    const apply = (outputs: WedgeOutput[], current: KeyboardEvent | null): boolean => {
      let swallow = false;
      outputs.forEach((out, i) => {
        const isLast = i === outputs.length - 1;
        switch (out.type) {
          case 'release': {
            // When the current key caused the release it is the last code, and it goes native.
            const count = current && isLast ? out.codes.length - 1 : out.codes.length;
            replay(held.splice(0, Math.max(0, count)));
            break;
          }
          case 'pending':
            if (current && isLast) {
              held.push({ code: current.code, key: current.key, modified: current.ctrlKey || current.metaKey || current.altKey });
              swallow = true;
            }
            break;
          case 'card':
            held.length = 0;
            swallow = true;
            onCardRef.current(out.raw);
            break;
          case 'repeat':
            held.length = 0;
            swallow = true;
            onRepeatRef.current?.(out.raw);
            break;
          case 'ignore':
            break;
        }
      });
      return swallow;
    };

    const syncTimer = (): void => {
      if (decoder.releaseDueMs() === null) {
        if (timer !== null) window.clearInterval(timer);
        timer = null;
      } else if (timer === null) {
        timer = window.setInterval(() => {
          // A key the reader already sent may still be queued behind a busy main thread; judge
          // the gap only once it has arrived, or a stall would split a card into "typing".
          if (inputPending()) return;
          apply(decoder.tick(performance.now()), null);
          syncTimer();
        }, TICK_MS);
      }
    };

    const onKeyDown = (event: KeyboardEvent): void => {
      const outputs = decoder.push({
        code: event.code,
        // Same monotonic clock as performance.now(), which the timer ticks with.
        timeMs: event.timeStamp,
        isComposing: event.isComposing,
        repeat: event.repeat,
      });
      if (apply(outputs, event)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
      syncTimer();
    };

    document.addEventListener('keydown', onKeyDown, { capture: true });
    return () => {
      document.removeEventListener('keydown', onKeyDown, { capture: true });
      if (timer !== null) window.clearInterval(timer);
      decoder.reset();
    };
  }, [charset]);
}
