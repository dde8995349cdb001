import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idCardCheckChar, isValidIdCard, parseIdCard, type IdCardParseResult } from './idCard';

// Synthetic numbers only (region 110101 = Beijing Dongcheng); check characters were computed by a
// separate script and are asserted against idCardCheckChar below.
const TODAY = '2026-05-20';
const MALE = '110101199003070011'; // sequence 001 → odd → male
const FEMALE = '11010119900307002X'; // sequence 002 → even → female, check char X

const PROVINCES = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83'];
const CHECK_ALPHABET = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'];

const withCheck = (first17: string) => first17 + idCardCheckChar(first17);
const reason = (r: IdCardParseResult) => (r.ok ? 'ok' : r.reason);

/** Independent oracle: ISO 7064 MOD 11-2 as the standard states it — Σ v(c)·2^(17-i) ≡ 1 (mod 11), X = 10. */
function oracleChecksumOk(n: string): boolean {
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    const c = n.charAt(i);
    sum += (c === 'X' ? 10 : Number(c)) * 2 ** (17 - i);
  }
  return sum % 11 === 1;
}

/** Independent oracle for dates: round trip through Date.UTC. */
function oracleRealDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const regionArb = fc.tuple(fc.constantFrom(...PROVINCES), fc.integer({ min: 0, max: 9999 })).map(([p, r]) => p + pad(r, 4));
const birthdayArb = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const first17Arb = fc
  .tuple(regionArb, birthdayArb, fc.integer({ min: 0, max: 999 }))
  .map(([region, birthday, seq]) => region + birthday.replaceAll('-', '') + pad(seq, 3));
const validNumberArb = first17Arb.map(withCheck);

describe('idCardCheckChar', () => {
  it('matches independently computed check characters', () => {
    expect(idCardCheckChar('11010119900307001')).toBe('1');
    expect(idCardCheckChar('11010119900307002')).toBe('X');
    expect(idCardCheckChar('44030520000229002')).toBe('9');
    expect(idCardCheckChar('83000019850101001')).toBe('4');
    expect(oracleChecksumOk(MALE) && oracleChecksumOk(FEMALE)).toBe(true);
  });
  it('throws on anything but 17 ASCII digits (programming API)', () => {
    for (const bad of ['', '1101011990030700', '110101199003070011', '1101011990030700X', '１１０１０１１９９００３０７００１']) {
      expect(() => idCardCheckChar(bad)).toThrow(RangeError);
    }
  });
});

describe('parseIdCard examples', () => {
  it('parses a valid number into its parts', () => {
    expect(parseIdCard(MALE, TODAY)).toEqual({
      ok: true,
      value: { number: MALE, regionCode: '110101', birthday: '1990-03-07', gender: 'male' },
    });
    expect(parseIdCard(FEMALE, TODAY)).toEqual({
      ok: true,
      value: { number: FEMALE, regionCode: '110101', birthday: '1990-03-07', gender: 'female' },
    });
  });
  it('trims surrounding whitespace (including the ideographic space) and upper-cases x', () => {
    expect(parseIdCard(`  ${MALE}\n`, TODAY)).toMatchObject({ ok: true, value: { number: MALE } });
    expect(parseIdCard(`\u3000${MALE}\u3000`, TODAY)).toMatchObject({ ok: true, value: { number: MALE } });
    expect(parseIdCard(FEMALE.toLowerCase(), TODAY)).toMatchObject({ ok: true, value: { number: FEMALE } });
  });
  it('accepts the residence-permit prefixes 81, 82, 83 and leap days', () => {
    expect(isValidIdCard('830000198501010014', TODAY)).toBe(true);
    expect(isValidIdCard(withCheck('81000019850101001'), TODAY)).toBe(true);
    expect(isValidIdCard(withCheck('82000019850101001'), TODAY)).toBe(true);
    expect(isValidIdCard('440305200002290029', TODAY)).toBe(true); // 2000: leap (÷400)
    expect(isValidIdCard(withCheck('11010120240229001'), TODAY)).toBe(true);
  });
  it('accepts birthdays on the bounds: 1900-01-01 and today', () => {
    expect(isValidIdCard(withCheck('11010119000101001'), TODAY)).toBe(true);
    expect(isValidIdCard(withCheck('11010120260520001'), TODAY)).toBe(true);
  });
});

describe('parseIdCard failure reasons', () => {
  it('empty', () => {
    for (const raw of ['', '   ', '\t\n', '\u3000']) expect(reason(parseIdCard(raw, TODAY))).toBe('empty');
  });
  it('bad_format: wrong length, legacy 15-digit, inner spaces, full-width digits, stray letters', () => {
    const bad = [
      '110101900307001', // first-generation 15-digit number
      MALE.slice(0, 17),
      `${MALE}1`,
      '110101 19900307 0011',
      '１１０１０１１９９００３０７００１１', // full-width digits from a Chinese IME
      '11010119900307001１', // one full-width check digit
      '1101011990030700A1',
      '11010X199003070011',
      '11010119900307001Y',
      '110101-19900307-0011',
    ];
    for (const raw of bad) expect(reason(parseIdCard(raw, TODAY)), raw).toBe('bad_format');
  });
  it('bad_region: unknown province prefixes', () => {
    for (const p of ['00', '10', '16', '20', '24', '30', '38', '47', '55', '60', '66', '70', '72', '80', '84', '91', '99']) {
      expect(reason(parseIdCard(withCheck(`${p}010119900307001`), TODAY)), p).toBe('bad_region');
    }
  });
  it('bad_birthday: impossible dates, before 1900, in the future', () => {
    for (const date of ['19900230', '19000229', '21000229', '19901301', '19900001', '19900100', '19900431', '18991231', '00000101', '20260521', '20990101']) {
      expect(reason(parseIdCard(withCheck(`110101${date}001`), TODAY)), date).toBe('bad_birthday');
    }
  });
  it('bad_checksum: every wrong check character', () => {
    for (const c of CHECK_ALPHABET.filter((x) => x !== '1')) {
      expect(reason(parseIdCard(MALE.slice(0, 17) + c, TODAY))).toBe('bad_checksum');
    }
  });
  it('reports the most specific problem first: format, region, birthday, then checksum', () => {
    expect(reason(parseIdCard('990101199003070010', TODAY))).toBe('bad_region'); // also bad checksum
    expect(reason(parseIdCard('110101199002300010', TODAY))).toBe('bad_birthday'); // also bad checksum
  });
  it('throws on a malformed `today` (caller bug, not user input)', () => {
    for (const t of ['', '2026-5-20', '2026-02-30', '20260520', 'today']) expect(() => parseIdCard(MALE, t)).toThrow(RangeError);
  });
});

describe('parseIdCard properties', () => {
  it('(a) valid region + date + any sequence with its check char parses; any other check char is bad_checksum', () => {
    fc.assert(
      fc.property(first17Arb, fc.constantFrom(...CHECK_ALPHABET), (first17, other) => {
        const check = idCardCheckChar(first17);
        const r = parseIdCard(first17 + check, TODAY);
        expect(r.ok).toBe(true);
        if (r.ok) {
          expect(r.value.number).toBe(first17 + check);
          expect(r.value.gender).toBe(Number(first17.charAt(16)) % 2 === 1 ? 'male' : 'female');
          expect(oracleChecksumOk(r.value.number)).toBe(true);
        }
        const expected = other === check ? 'ok' : 'bad_checksum';
        expect(reason(parseIdCard(first17 + other, TODAY))).toBe(expected);
        expect(reason(parseIdCard(first17 + other.toLowerCase(), TODAY))).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('(b) any single-digit change in the first 17 never parses with the same check char', () => {
    fc.assert(
      fc.property(validNumberArb, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (n, pos, delta) => {
        const digit = String((Number(n.charAt(pos)) + delta) % 10);
        const changed = n.slice(0, pos) + digit + n.slice(pos + 1);
        const r = reason(parseIdCard(changed, TODAY));
        expect(r).not.toBe('ok');
        // Only a region or birthday digit may fail for another reason first.
        if (r === 'bad_region') expect(pos).toBeLessThan(2);
        else if (r === 'bad_birthday') expect(pos >= 6 && pos < 14).toBe(true);
        else expect(r).toBe('bad_checksum');
      }),
      { numRuns: 1000 },
    );
  });

  it('also catches every adjacent transposition of differing digits (MOD 11-2 property)', () => {
    fc.assert(
      fc.property(validNumberArb, fc.integer({ min: 0, max: 15 }), (n, pos) => {
        const a = n.charAt(pos);
        const b = n.charAt(pos + 1);
        fc.pre(a !== b);
        const swapped = n.slice(0, pos) + b + a + n.slice(pos + 2);
        expect(parseIdCard(swapped, TODAY).ok).toBe(false);
      }),
    );
  });

  const idLikeChar = fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X', 'x', ' ', '\u3000', '０', '-');
  const candidates = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 30 }),
    fc.array(idLikeChar, { minLength: 14, maxLength: 20 }).map((cs) => cs.join('')),
    // Mostly-valid shape so that the "ok" branch is exercised: known province, plausible dates.
    fc
      .tuple(fc.constantFrom(...PROVINCES), fc.stringMatching(/^[0-9]{4}(19[0-9]{2}|20[0-2][0-9])(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]$/))
      .map(([p, rest]) => p + rest),
  );

  it('(c) arbitrary strings never throw and parse only when they really have a valid shape', () => {
    fc.assert(
      fc.property(candidates, (raw) => {
        const r = parseIdCard(raw, TODAY);
        expect(isValidIdCard(raw, TODAY)).toBe(r.ok);
        if (!r.ok) return;
        const text = raw.trim();
        expect(text).toMatch(/^[0-9]{17}[0-9Xx]$/);
        expect(r.value.number).toBe(text.toUpperCase());
        expect(PROVINCES).toContain(text.slice(0, 2));
        const [y, m, d] = [Number(text.slice(6, 10)), Number(text.slice(10, 12)), Number(text.slice(12, 14))];
        expect(oracleRealDate(y, m, d)).toBe(true);
        expect(r.value.birthday >= '1900-01-01' && r.value.birthday <= TODAY).toBe(true);
        expect(oracleChecksumOk(r.value.number)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
