import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CARD_FORMATS, type CardFormat } from './cardFormat';
import { CardNumberError, canonicalUid, formatUid, parseCardNumber, w26KeyOfUid } from './cardNumber';

const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
const uidOf = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map(toHex);
const uid4 = uidOf(4);
const uidAny = fc.oneof(uidOf(4), uidOf(7), uidOf(10));
const format = fc.constantFrom(...CARD_FORMATS);

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof CardNumberError) return e.reason;
    throw e;
  }
  throw new Error('expected a CardNumberError, got a return value');
}

describe('parseCardNumber examples', () => {
  it('hex: accepts any case and 4/7/10-byte UIDs', () => {
    expect(parseCardNumber('04a1b2c3', 'hex')).toEqual({ kind: 'uid', uid: '04A1B2C3' });
    expect(parseCardNumber('  04A1B2C3\n', 'hex')).toEqual({ kind: 'uid', uid: '04A1B2C3' });
    expect(parseCardNumber('04112233445566', 'hex')).toEqual({ kind: 'uid', uid: '04112233445566' });
    expect(parseCardNumber('0411223344556677889a', 'hex')).toEqual({ kind: 'uid', uid: '0411223344556677889A' });
  });

  it('hex-reversed: reverses the bytes back', () => {
    expect(parseCardNumber('c3b2a104', 'hex-reversed')).toEqual({ kind: 'uid', uid: '04A1B2C3' });
    expect(parseCardNumber('66554433221104', 'hex-reversed')).toEqual({ kind: 'uid', uid: '04112233445566' });
  });

  it('dec10: big-endian 32-bit decimal, zero-padded', () => {
    expect(parseCardNumber('0077705923', 'dec10')).toEqual({ kind: 'uid', uid: '04A1B2C3' });
    expect(parseCardNumber('0000000000', 'dec10')).toEqual({ kind: 'uid', uid: '00000000' });
    expect(parseCardNumber('4294967295', 'dec10')).toEqual({ kind: 'uid', uid: 'FFFFFFFF' });
  });

  it('dec10-reversed: decimal of the byte-reversed value', () => {
    // C3B2A104 = 3283263748
    expect(parseCardNumber('3283263748', 'dec10-reversed')).toEqual({ kind: 'uid', uid: '04A1B2C3' });
  });

  it('w26: facility + number from the low 3 bytes', () => {
    // 04A1B2C3 → facility A1 = 161, number B2C3 = 45763
    expect(parseCardNumber('16145763', 'w26')).toEqual({ kind: 'w26', w26: '16145763' });
    expect(parseCardNumber('25565535', 'w26')).toEqual({ kind: 'w26', w26: '25565535' });
    expect(parseCardNumber('00000000', 'w26')).toEqual({ kind: 'w26', w26: '00000000' });
  });

  it('rejects malformed input with a reason', () => {
    expect(reasonOf(() => parseCardNumber('', 'hex'))).toBe('empty');
    expect(reasonOf(() => parseCardNumber(' \t\n', 'dec10'))).toBe('empty');
    expect(reasonOf(() => parseCardNumber('04A1B2C', 'hex'))).toBe('bad_length'); // odd
    expect(reasonOf(() => parseCardNumber('04A1B2C3D4', 'hex'))).toBe('bad_length'); // 5 bytes
    expect(reasonOf(() => parseCardNumber('04A1 B2C3', 'hex'))).toBe('bad_characters');
    expect(reasonOf(() => parseCardNumber('0x04A1B2', 'hex'))).toBe('bad_characters');
    expect(reasonOf(() => parseCardNumber('77705923', 'dec10'))).toBe('bad_length'); // not padded
    expect(reasonOf(() => parseCardNumber('00777059230', 'dec10'))).toBe('bad_length');
    expect(reasonOf(() => parseCardNumber('4294967296', 'dec10'))).toBe('out_of_range');
    expect(reasonOf(() => parseCardNumber('9999999999', 'dec10-reversed'))).toBe('out_of_range');
    expect(reasonOf(() => parseCardNumber('-077705923', 'dec10'))).toBe('bad_characters');
    expect(reasonOf(() => parseCardNumber('００７７７０５９２３', 'dec10'))).toBe('bad_characters'); // full-width
    expect(reasonOf(() => parseCardNumber('25665535', 'w26'))).toBe('out_of_range'); // facility 256
    expect(reasonOf(() => parseCardNumber('25565536', 'w26'))).toBe('out_of_range'); // number 65536
    expect(reasonOf(() => parseCardNumber('1614576', 'w26'))).toBe('bad_length');
    expect(reasonOf(() => parseCardNumber('1614576A', 'w26'))).toBe('bad_characters');
  });
});

describe('formatUid / w26KeyOfUid / canonicalUid', () => {
  it('prints what each reader prints', () => {
    expect(formatUid('04a1b2c3', 'hex')).toBe('04A1B2C3');
    expect(formatUid('04A1B2C3', 'hex-reversed')).toBe('C3B2A104');
    expect(formatUid('04A1B2C3', 'dec10')).toBe('0077705923');
    expect(formatUid('04A1B2C3', 'dec10-reversed')).toBe('3283263748');
    expect(formatUid('04A1B2C3', 'w26')).toBe('16145763');
  });

  it('refuses formats that cannot express a 7/10-byte UID', () => {
    for (const f of ['dec10', 'dec10-reversed', 'w26'] as const) {
      expect(reasonOf(() => formatUid('04112233445566', f))).toBe('unsupported_format');
      expect(reasonOf(() => formatUid('0411223344556677889A', f))).toBe('unsupported_format');
    }
  });

  it('w26 key drops the top byte; null for long UIDs', () => {
    expect(w26KeyOfUid('04A1B2C3')).toBe('16145763');
    expect(w26KeyOfUid('FFA1B2C3')).toBe('16145763');
    expect(w26KeyOfUid('00000001')).toBe('00000001');
    expect(w26KeyOfUid('04112233445566')).toBeNull();
    expect(reasonOf(() => w26KeyOfUid('04A1B2'))).toBe('bad_length');
  });

  it('canonicalUid validates and upper-cases', () => {
    expect(canonicalUid('04a1b2c3')).toBe('04A1B2C3');
    expect(reasonOf(() => canonicalUid(''))).toBe('empty');
    expect(reasonOf(() => canonicalUid('04A1B2C3 '))).toBe('bad_characters');
    expect(reasonOf(() => canonicalUid('04A1B2C3D4E5'))).toBe('bad_length');
  });
});

describe('properties', () => {
  it('parse(format(uid)) recovers a 4-byte uid, or its w26 key', () => {
    fc.assert(
      fc.property(uid4, format, fc.boolean(), (uid, f, lower) => {
        const printed = formatUid(uid, f);
        const key = parseCardNumber(lower ? printed.toLowerCase() : printed, f);
        if (f === 'w26') expect(key).toEqual({ kind: 'w26', w26: w26KeyOfUid(uid) });
        else expect(key).toEqual({ kind: 'uid', uid });
      }),
    );
  });

  it('hex formats round-trip 7- and 10-byte uids too', () => {
    fc.assert(
      fc.property(uidAny, fc.constantFrom<CardFormat>('hex', 'hex-reversed'), (uid, f) => {
        expect(parseCardNumber(formatUid(uid, f), f)).toEqual({ kind: 'uid', uid });
      }),
    );
  });

  it('hex reversed twice is the identity', () => {
    fc.assert(
      fc.property(uidAny, (uid) => {
        expect(formatUid(formatUid(uid, 'hex-reversed'), 'hex-reversed')).toBe(uid);
      }),
    );
  });

  it('never throws anything but CardNumberError, and a returned key re-formats to the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF ') })), format, (raw, f) => {
        let key;
        try {
          key = parseCardNumber(raw, f);
        } catch (e) {
          expect(e).toBeInstanceOf(CardNumberError);
          return;
        }
        // Anything accepted is exactly one reader print of that key (modulo case and outer space).
        const printed = key.kind === 'w26' ? key.w26 : formatUid(key.uid, f);
        expect(printed).toBe(raw.trim().toUpperCase());
      }),
    );
  });

  const malformed = fc.oneof(
    // empty / whitespace only
    fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r') }),
    // a non-hex character somewhere in the middle of an otherwise plausible number
    fc
      .tuple(
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 10 }),
        fc.constantFrom(...'gGxX-+. ,_/٣７\u00a0'),
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 10 }),
      )
      .map(([a, c, b]) => a + c + b),
    // too long for every format
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 21, maxLength: 40 }),
  );

  it('malformed inputs throw CardNumberError for every format', () => {
    fc.assert(
      fc.property(malformed, format, (raw, f) => {
        expect(() => parseCardNumber(raw, f)).toThrow(CardNumberError);
      }),
    );
  });

  it('dec10 values above 32 bits throw out_of_range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0x1_0000_0000, max: 9_999_999_999 }), fc.constantFrom<CardFormat>('dec10', 'dec10-reversed'), (n, f) => {
        expect(reasonOf(() => parseCardNumber(String(n), f))).toBe('out_of_range');
      }),
    );
  });

  it('w26 facility > 255 or number > 65535 throws out_of_range', () => {
    const bad = fc.oneof(
      fc.tuple(fc.integer({ min: 256, max: 999 }), fc.integer({ min: 0, max: 99_999 })),
      fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 65_536, max: 99_999 })),
    );
    fc.assert(
      fc.property(bad, ([facility, number]) => {
        const raw = String(facility).padStart(3, '0') + String(number).padStart(5, '0');
        expect(reasonOf(() => parseCardNumber(raw, 'w26'))).toBe('out_of_range');
      }),
    );
  });

  it('wrong lengths throw bad_length', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 30 }), format, (raw, f) => {
        const ok = f === 'w26' ? [8] : f.startsWith('dec10') ? [10] : [8, 14, 20];
        fc.pre(!ok.includes(raw.length));
        expect(reasonOf(() => parseCardNumber(raw, f))).toBe('bad_length');
      }),
    );
  });
});
