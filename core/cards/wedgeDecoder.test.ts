import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WEDGE_PROFILE,
  codeToChar,
  createWedgeDecoder,
  type WedgeDecoder,
  type WedgeKey,
  type WedgeOutput,
} from './wedgeDecoder';

const digitCode = (d: string) => `Digit${d}`;
const numpadCode = (d: string) => `Numpad${d}`;

/** Keys for `text` starting at `t0`, `gaps[i % gaps.length]` ms apart (recorded-like jitter). */
function typed(text: string, t0: number, gaps: number[], codeOf: (c: string) => string = digitCode): WedgeKey[] {
  let t = t0;
  return [...text].map((c, i) => {
    if (i > 0) t += gaps[(i - 1) % gaps.length]!;
    return { code: codeOf(c), timeMs: t };
  });
}

function withEnter(keys: WedgeKey[], gap: number, code = 'Enter'): WedgeKey[] {
  const last = keys[keys.length - 1]!;
  return [...keys, { code, timeMs: last.timeMs + gap }];
}

function run(decoder: WedgeDecoder, keys: WedgeKey[]): WedgeOutput[] {
  return keys.flatMap((k) => decoder.push(k));
}

const cards = (outs: WedgeOutput[]) => outs.filter((o) => o.type === 'card' || o.type === 'repeat');
const released = (outs: WedgeOutput[]) => outs.flatMap((o) => (o.type === 'release' ? o.codes : []));

// Recorded from a cheap 125 kHz reader: 4–12 ms between keys, Enter ~8 ms after the last digit.
const READER_GAPS = [4, 7, 12, 5, 9, 4, 11, 6, 8];

describe('codeToChar', () => {
  it('maps physical digit keys and, for hex, KeyA–KeyF', () => {
    expect(codeToChar('Digit7', 'dec')).toBe('7');
    expect(codeToChar('Numpad0', 'dec')).toBe('0');
    expect(codeToChar('KeyA', 'dec')).toBeNull();
    expect(codeToChar('KeyA', 'hex')).toBe('A');
    expect(codeToChar('KeyF', 'hex')).toBe('F');
    expect(codeToChar('KeyG', 'hex')).toBeNull();
    expect(codeToChar('Digit10', 'dec')).toBeNull();
    expect(codeToChar('NumpadEnter', 'dec')).toBeNull();
    expect(codeToChar('ShiftLeft', 'hex')).toBeNull();
  });
});

describe('wedge decoder', () => {
  it('decodes a 10-digit burst at 4–12 ms per key ended by Enter', () => {
    const d = createWedgeDecoder();
    const outs = run(d, withEnter(typed('0077705923', 1000, READER_GAPS), 8));
    expect(outs.slice(0, 10).every((o) => o.type === 'pending')).toBe(true);
    expect(outs.slice(10)).toEqual([{ type: 'card', raw: '0077705923' }]);
    expect(d.releaseDueMs()).toBeNull();
  });

  it('debounces a card left on the reader, with a sliding window', () => {
    const d = createWedgeDecoder();
    const read = (t0: number) => cards(run(d, withEnter(typed('0077705923', t0, READER_GAPS), 8)));
    expect(read(1000)).toEqual([{ type: 'card', raw: '0077705923' }]);
    expect(read(1300)).toEqual([{ type: 'repeat', raw: '0077705923' }]);
    // 1.3 s after the first read but only ~1 s after the repeat: still resting on the reader.
    expect(read(2300)).toEqual([{ type: 'repeat', raw: '0077705923' }]);
    expect(read(4400)).toEqual([{ type: 'card', raw: '0077705923' }]);
  });

  it('a different card inside the debounce window is a new card', () => {
    const d = createWedgeDecoder();
    run(d, withEnter(typed('0077705923', 0, READER_GAPS), 8));
    expect(cards(run(d, withEnter(typed('0000000042', 300, READER_GAPS), 8)))).toEqual([{ type: 'card', raw: '0000000042' }]);
  });

  it('reset forgets the debounce memory', () => {
    const d = createWedgeDecoder();
    run(d, withEnter(typed('0077705923', 0, READER_GAPS), 8));
    d.reset();
    expect(cards(run(d, withEnter(typed('0077705923', 300, READER_GAPS), 8)))).toEqual([{ type: 'card', raw: '0077705923' }]);
  });

  it('releases human typing at 120–250 ms per key, never as a card', () => {
    const d = createWedgeDecoder();
    const keys = withEnter(typed('0077705923', 0, [120, 250, 180, 140, 210]), 160);
    const outs = run(d, keys);
    expect(cards(outs)).toEqual([]);
    // Every digit released one at a time, and the Enter joins the last release.
    expect(released(outs)).toEqual(keys.map((k) => k.code));
  });

  it('tick releases a lone human digit promptly', () => {
    const d = createWedgeDecoder();
    expect(d.push({ code: 'Digit5', timeMs: 100 })).toEqual([{ type: 'pending' }]);
    expect(d.releaseDueMs()).toBe(136);
    expect(d.tick(120)).toEqual([]);
    expect(d.tick(135)).toEqual([]);
    expect(d.tick(136)).toEqual([{ type: 'release', codes: ['Digit5'] }]);
    expect(d.tick(500)).toEqual([]);
    expect(d.releaseDueMs()).toBeNull();
  });

  it('decodes the same under an AZERTY layout / active Chinese IME (codes only, isComposing ignored)', () => {
    const d = createWedgeDecoder();
    const keys = withEnter(typed('1234567890', 0, READER_GAPS), 8).map((k) => ({ ...k, isComposing: true }));
    expect(cards(run(d, keys))).toEqual([{ type: 'card', raw: '1234567890' }]);
  });

  it('accepts Numpad digits and NumpadEnter', () => {
    const d = createWedgeDecoder();
    const outs = run(d, withEnter(typed('0077705923', 0, READER_GAPS, numpadCode), 6, 'NumpadEnter'));
    expect(cards(outs)).toEqual([{ type: 'card', raw: '0077705923' }]);
  });

  it('tolerates Shift interleaved by a reader (AZERTY-configured readers shift digits)', () => {
    const d = createWedgeDecoder();
    const keys: WedgeKey[] = [];
    typed('00777059', 0, [6]).forEach((k) => keys.push({ code: 'ShiftLeft', timeMs: k.timeMs - 1 }, k));
    const outs = run(d, withEnter(keys, 5));
    expect(outs[0]).toEqual({ type: 'ignore' }); // a Shift alone never starts a burst
    expect(cards(outs)).toEqual([{ type: 'card', raw: '00777059' }]);
  });

  it('a burst interrupted by a 200 ms gap releases the first part and restarts', () => {
    const d = createWedgeDecoder();
    const first = typed('00777', 0, READER_GAPS);
    const second = typed('05923', first[4]!.timeMs + 200, READER_GAPS);
    const outsFirst = run(d, first);
    const gapOuts = d.push(second[0]!);
    expect(gapOuts).toEqual([{ type: 'release', codes: first.map((k) => k.code) }, { type: 'pending' }]);
    const rest = run(d, withEnter(second.slice(1), 8));
    expect(cards([...outsFirst, ...rest])).toEqual([]);
    // Only 5 digits after the gap: too short, so they come back with the Enter.
    expect(rest[rest.length - 1]).toEqual({ type: 'release', codes: [...second.map((k) => k.code), 'Enter'] });
  });

  it('too short: Enter after a fast 4-digit burst gives everything back, Enter included', () => {
    const d = createWedgeDecoder();
    const keys = withEnter(typed('1234', 0, [5]), 5);
    const outs = run(d, keys);
    expect(outs).toEqual([
      { type: 'pending' },
      { type: 'pending' },
      { type: 'pending' },
      { type: 'pending' },
      { type: 'release', codes: ['Digit1', 'Digit2', 'Digit3', 'Digit4', 'Enter'] },
    ]);
  });

  it('Enter with nothing held is ignored', () => {
    const d = createWedgeDecoder();
    expect(d.push({ code: 'Enter', timeMs: 10 })).toEqual([{ type: 'ignore' }]);
  });

  it('Enter arriving after the burst went quiet joins the release instead of overtaking it', () => {
    const d = createWedgeDecoder();
    run(d, typed('0077705923', 0, [5]));
    expect(d.push({ code: 'Enter', timeMs: 45 + 100 })).toEqual([
      { type: 'release', codes: [...typed('0077705923', 0, [5]).map((k) => k.code), 'Enter'] },
    ]);
  });

  it('too long: a 25-digit burst is released, and its tail is not decoded as a card', () => {
    const d = createWedgeDecoder();
    const keys = withEnter(typed('1234567890123456789012345', 0, [5]), 5);
    const outs = run(d, keys);
    expect(cards(outs)).toEqual([]);
    expect(outs[20]).toEqual({ type: 'release', codes: keys.slice(0, 21).map((k) => k.code) });
    expect(outs.slice(21).every((o) => o.type === 'ignore')).toBe(true);
    // The next burst after a pause decodes normally again.
    expect(cards(run(d, withEnter(typed('0077705923', 1000, [5]), 5)))).toEqual([{ type: 'card', raw: '0077705923' }]);
  });

  it('hex reader types KeyA–KeyF; a dec reader profile rejects them', () => {
    const hexCode = (c: string) => (/[0-9]/.test(c) ? digitCode(c) : `Key${c}`);
    const keys = withEnter(typed('04A1B2C3', 0, READER_GAPS, hexCode), 7);
    expect(cards(run(createWedgeDecoder({ charset: 'hex' }), keys))).toEqual([{ type: 'card', raw: '04A1B2C3' }]);
    const dec = run(createWedgeDecoder(), keys);
    expect(cards(dec)).toEqual([]);
    expect(dec[2]).toEqual({ type: 'release', codes: ['Digit0', 'Digit4', 'KeyA'] });
  });

  it('auto-repeat keys are never part of a card', () => {
    const d = createWedgeDecoder();
    expect(d.push({ code: 'Digit1', timeMs: 0, repeat: true })).toEqual([{ type: 'ignore' }]);
    expect(d.push({ code: 'Digit1', timeMs: 100 })).toEqual([{ type: 'pending' }]);
    expect(d.push({ code: 'Digit1', timeMs: 110, repeat: true })).toEqual([
      { type: 'release', codes: ['Digit1', 'Digit1'] },
    ]);
  });

  it('a foreign key inside a burst releases it together with that key', () => {
    const d = createWedgeDecoder();
    run(d, typed('123', 0, [5]));
    expect(d.push({ code: 'Backspace', timeMs: 15 })).toEqual([
      { type: 'release', codes: ['Digit1', 'Digit2', 'Digit3', 'Backspace'] },
    ]);
    expect(d.push({ code: 'Tab', timeMs: 20 })).toEqual([{ type: 'ignore' }]);
  });

  it('rejects nonsensical profiles', () => {
    expect(() => createWedgeDecoder({ minLength: 0 })).toThrow(RangeError);
    expect(() => createWedgeDecoder({ minLength: 12, maxLength: 10 })).toThrow(RangeError);
    expect(() => createWedgeDecoder({ maxInterKeyMs: Number.NaN })).toThrow(RangeError);
    expect(createWedgeDecoder({ maxInterKeyMs: undefined })).toBeDefined();
    expect(DEFAULT_WEDGE_PROFILE).toMatchObject({ maxInterKeyMs: 35, minLength: 8, maxLength: 20, debounceMs: 1500 });
  });
});
