import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWedgeDecoder, type WedgeDecoder, type WedgeKey, type WedgeOutput } from './wedgeDecoder';

const digitCode = (d: string) => `Digit${d}`;
const numpadCode = (d: string) => `Numpad${d}`;
const released = (outs: WedgeOutput[]) => outs.flatMap((o) => (o.type === 'release' ? o.codes : []));

/**
 * Model of the caller contract: every pushed key is held, passed through, released, or consumed by
 * a card — exactly once and in order. Returns the codes in the order they left the decoder
 * (passed through / released / consumed) and the cards seen.
 */
function drive(decoder: WedgeDecoder, steps: ({ key: WedgeKey } | { tick: number })[]) {
  const accounted: string[] = [];
  const cardsSeen: WedgeOutput[] = [];
  let queue: string[] = [];
  const takeRelease = (q: string[], codes: string[]) => {
    expect(codes.length).toBeGreaterThan(0);
    expect(q.slice(0, codes.length)).toEqual(codes);
    accounted.push(...codes);
    return q.slice(codes.length);
  };
  for (const step of steps) {
    if ('tick' in step) {
      for (const o of decoder.tick(step.tick)) {
        expect(o.type).toBe('release');
        if (o.type === 'release') {
          expect(o.codes).toEqual(queue);
          queue = takeRelease(queue, o.codes);
        }
      }
      continue;
    }
    const { key } = step;
    const outs = decoder.push(key);
    expect(outs.length).toBeGreaterThan(0);
    outs.slice(0, -1).forEach((o) => expect(o.type).toBe('release'));
    let q = [...queue, key.code];
    for (const [i, o] of outs.entries()) {
      const isLast = i === outs.length - 1;
      if (o.type === 'release') {
        q = takeRelease(q, o.codes);
        if (isLast) expect(q).toEqual([]);
        else expect(q).toContain(key.code);
      } else if (o.type === 'pending') {
        expect(isLast).toBe(true);
        expect(key.repeat).not.toBe(true);
      } else if (o.type === 'ignore') {
        expect(q).toEqual([key.code]);
        accounted.push(key.code);
        q = [];
      } else {
        expect(['Enter', 'NumpadEnter']).toContain(key.code);
        expect(key.repeat).not.toBe(true);
        accounted.push(...q);
        q = [];
        cardsSeen.push(o);
      }
    }
    queue = q;
  }
  return { accounted, cardsSeen, queue };
}

describe('wedge decoder properties', () => {
  const digit = fc.constantFrom(...'0123456789');
  const humanCode = fc.oneof(
    { weight: 8, arbitrary: digit.chain((d) => fc.constantFrom(digitCode(d), numpadCode(d))) },
    { weight: 2, arbitrary: fc.constantFrom('Enter', 'NumpadEnter') },
  );

  it('human-paced typing never yields a card; every key comes back exactly once, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ code: humanCode, gap: fc.integer({ min: 36, max: 1000 }), tickAfter: fc.boolean() }), {
          maxLength: 60,
        }),
        (typing) => {
          const d = createWedgeDecoder();
          let t = 0;
          const steps: ({ key: WedgeKey } | { tick: number })[] = [];
          for (const { code, gap, tickAfter } of typing) {
            t += gap;
            steps.push({ key: { code, timeMs: t } });
            if (tickAfter) steps.push({ tick: t + 1 + Math.floor(gap / 2) });
          }
          steps.push({ tick: t + 10_000 });
          const { accounted, cardsSeen, queue } = drive(d, steps);
          expect(cardsSeen).toEqual([]);
          expect(queue).toEqual([]);
          expect(accounted).toEqual(typing.map((k) => k.code));
          // Every digit was held and released (none passed through natively).
          const releasedDigits: string[] = [];
          const d2 = createWedgeDecoder();
          for (const s of steps) {
            const outs = 'tick' in s ? d2.tick(s.tick) : d2.push(s.key);
            releasedDigits.push(...released(outs).filter((c) => c !== 'Enter' && c !== 'NumpadEnter'));
          }
          expect(releasedDigits).toEqual(typing.map((k) => k.code).filter((c) => c !== 'Enter' && c !== 'NumpadEnter'));
        },
      ),
    );
  });

  it('any digit string of valid length typed at machine pace + Enter yields exactly that card', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ d: digit, numpad: fc.boolean(), gap: fc.integer({ min: 0, max: 35 }), ime: fc.boolean() }), {
          minLength: 8,
          maxLength: 20,
        }),
        fc.integer({ min: 0, max: 35 }),
        fc.integer({ min: 0, max: 1e9 }),
        (keys, enterGap, t0) => {
          const d = createWedgeDecoder();
          let t = t0;
          const outs: WedgeOutput[] = [];
          for (const k of keys) {
            t += k.gap;
            outs.push(...d.push({ code: k.numpad ? numpadCode(k.d) : digitCode(k.d), timeMs: t, isComposing: k.ime }));
            // A timer firing mid-burst, on time, must not break it.
            outs.push(...d.tick(t + Math.min(k.gap, 35)));
          }
          outs.push(...d.push({ code: 'Enter', timeMs: t + enterGap }));
          expect(outs.filter((o) => o.type !== 'pending')).toEqual([{ type: 'card', raw: keys.map((k) => k.d).join('') }]);
        },
      ),
    );
  });

  it('any key stream at any pace: each key is accounted for exactly once, in order', () => {
    const code = fc.constantFrom(
      'Digit1',
      'Digit9',
      'Numpad4',
      'KeyA',
      'KeyF',
      'KeyG',
      'Enter',
      'NumpadEnter',
      'ShiftLeft',
      'Tab',
      'Backspace',
    );
    fc.assert(
      fc.property(
        fc.constantFrom<'dec' | 'hex'>('dec', 'hex'),
        fc.array(
          fc.record({
            code,
            gap: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2000 })),
            repeat: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
            tick: fc.option(fc.integer({ min: 0, max: 60 })),
          }),
          { maxLength: 80 },
        ),
        (charset, stream) => {
          const d = createWedgeDecoder({ charset, minLength: 3, maxLength: 6 });
          let t = 0;
          const steps: ({ key: WedgeKey } | { tick: number })[] = [];
          for (const s of stream) {
            t += s.gap;
            steps.push({ key: { code: s.code, timeMs: t, repeat: s.repeat } });
            if (s.tick !== null) steps.push({ tick: t + s.tick });
          }
          steps.push({ tick: t + 10_000 });
          const { accounted, cardsSeen, queue } = drive(d, steps);
          expect(queue).toEqual([]);
          expect(accounted).toEqual(stream.map((s) => s.code));
          for (const c of cardsSeen) {
            if (c.type === 'card' || c.type === 'repeat') {
              expect(c.raw.length).toBeGreaterThanOrEqual(3);
              expect(c.raw.length).toBeLessThanOrEqual(6);
              expect(c.raw).toMatch(charset === 'hex' ? /^[0-9A-F]+$/ : /^[0-9]+$/);
            }
          }
        },
      ),
    );
  });
});
