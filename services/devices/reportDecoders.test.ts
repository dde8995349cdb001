import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPORT_DECODERS, type ByteOrder } from './readerProfiles';
import { MAX_UID_BYTES, MIN_UID_BYTES, decodeReport, decodeReportDetailed, type DecoderSettings } from './reportDecoders';

const bytes = (...b: number[]) => Uint8Array.from(b);
const ascii = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));
const uidBytes = (offset: number, byteOrder: ByteOrder = 'normal'): DecoderSettings => ({
  reportDecoder: 'uid-bytes',
  offset,
  byteOrder,
});
const digits = (offset: number, byteOrder: ByteOrder = 'normal'): DecoderSettings => ({
  reportDecoder: 'ascii-digits',
  offset,
  byteOrder,
});

describe('uid-bytes reports', () => {
  it('reads [len, uid...] at the offset, padding ignored', () => {
    expect(decodeReport(bytes(4, 0xde, 0xad, 0xbe, 0xef, 0, 0, 0), uidBytes(0))).toBe('DEADBEEF');
    // A report id byte in front: offset 1.
    expect(decodeReport(bytes(0x02, 7, 0x04, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x80, 0), uidBytes(1))).toBe('041A2B3C4D5E80');
  });

  it('reverses the bytes for readers that send the UID least significant byte first', () => {
    expect(decodeReport(bytes(4, 0xef, 0xbe, 0xad, 0xde), uidBytes(0, 'reversed'))).toBe('DEADBEEF');
    expect(decodeReport(bytes(9, 5, 1, 2, 3, 4, 5), uidBytes(1, 'reversed'))).toBe('0504030201');
  });

  it('treats a zero length or an all-zero UID as "no card"', () => {
    expect(decodeReportDetailed(bytes(0, 0, 0, 0, 0), uidBytes(0))).toEqual({ kind: 'empty' });
    expect(decodeReportDetailed(bytes(4, 0, 0, 0, 0), uidBytes(0))).toEqual({ kind: 'empty' });
  });

  it('rejects lengths past the end, out-of-range lengths and short reports', () => {
    expect(decodeReportDetailed(bytes(7, 1, 2, 3), uidBytes(0)).kind).toBe('invalid');
    expect(decodeReportDetailed(bytes(255, ...new Array<number>(64).fill(1)), uidBytes(0)).kind).toBe('invalid');
    expect(decodeReportDetailed(bytes(2, 1, 2), uidBytes(0)).kind).toBe('invalid');
    expect(decodeReportDetailed(bytes(11, ...new Array<number>(11).fill(1)), uidBytes(0)).kind).toBe('invalid');
    expect(decodeReportDetailed(bytes(), uidBytes(0)).kind).toBe('invalid');
    expect(decodeReportDetailed(bytes(1, 4), uidBytes(2)).kind).toBe('invalid');
  });

  it('round-trips any UID of a plausible length in either byte order', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: MIN_UID_BYTES, maxLength: MAX_UID_BYTES }).filter((u) => u.some((b) => b !== 0)),
        fc.nat(8),
        fc.constantFrom<ByteOrder>('normal', 'reversed'),
        fc.uint8Array({ maxLength: 16 }),
        (uid, offset, order, padding) => {
          const sent = order === 'reversed' ? [...uid].reverse() : [...uid];
          const report = bytes(...new Array<number>(offset).fill(0xaa), uid.length, ...sent, ...padding);
          expect(decodeReport(report, uidBytes(offset, order))).toBe(Buffer.from(uid).toString('hex').toUpperCase());
        },
      ),
    );
  });
});

describe('ascii-digits reports', () => {
  it('reads decimal digits ended by CR or NUL as a 32-bit UID in hex', () => {
    expect(decodeReport(ascii('0012345678\r'), digits(0))).toBe('00BC614E');
    expect(decodeReport(ascii('0012345678\0\0\0\0\0'), digits(0))).toBe('00BC614E');
    expect(decodeReport(ascii('4294967295\r'), digits(0))).toBe('FFFFFFFF');
    expect(decodeReport(ascii('\x0112345678\r'), digits(1))).toBe('00BC614E');
  });

  it('reverses the four bytes when the reader prints the little-endian value', () => {
    expect(decodeReport(ascii('0012345678\r'), digits(0, 'reversed'))).toBe('4E61BC00');
  });

  it('treats an immediately terminated or zero number as "no card"', () => {
    expect(decodeReportDetailed(ascii('\r'), digits(0))).toEqual({ kind: 'empty' });
    expect(decodeReportDetailed(ascii('\0\0\0\0'), digits(0))).toEqual({ kind: 'empty' });
    expect(decodeReportDetailed(ascii('0000000000\r'), digits(0))).toEqual({ kind: 'empty' });
  });

  it('rejects non-digits, missing terminators, too many digits and values above 32 bits', () => {
    for (const text of ['12a45678\r', ' 12345678\r', '-1\r', '12345678', '00012345678\r', '4294967296\r', '9999999999\r']) {
      expect(decodeReportDetailed(ascii(text), digits(0)).kind, JSON.stringify(text)).toBe('invalid');
    }
    expect(decodeReportDetailed(ascii('12\r'), digits(5)).kind).toBe('invalid');
  });

  it('round-trips any non-zero 32-bit value, with or without leading zeros', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0xffffffff }), fc.boolean(), fc.constantFrom('\r', '\0'), (value, pad, end) => {
        const text = (pad ? String(value).padStart(10, '0') : String(value)) + end;
        expect(decodeReport(ascii(text), digits(0))).toBe(value.toString(16).padStart(8, '0').toUpperCase());
      }),
    );
  });
});

describe('hostile reports', () => {
  const settings = fc.record({
    reportDecoder: fc.constantFrom(...REPORT_DECODERS),
    offset: fc.nat(80),
    byteOrder: fc.constantFrom<ByteOrder>('normal', 'reversed'),
  });

  it('never throw and yield either a well-formed UID or null', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 128 }), settings, (report, s) => {
        const uid = decodeReport(report, s);
        if (uid !== null) expect(uid).toMatch(/^(?:[0-9A-F]{2}){3,10}$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('survive digit-heavy noise (the ascii path’s interesting inputs)', () => {
    const noisy = fc.array(fc.constantFrom(0x30, 0x35, 0x39, 0x0d, 0x00, 0x2f, 0x3a, 0xff), { maxLength: 40 });
    fc.assert(
      fc.property(noisy, settings, (report, s) => {
        const result = decodeReportDetailed(Uint8Array.from(report), s);
        expect(['uid', 'empty', 'invalid']).toContain(result.kind);
      }),
      { numRuns: 2000 },
    );
  });

  it('return null for things that are not byte arrays or carry an unknown decoder', () => {
    expect(decodeReport('1234\r' as unknown as Uint8Array, digits(0))).toBeNull();
    expect(decodeReport(null as unknown as Uint8Array, uidBytes(0))).toBeNull();
    expect(decodeReport(bytes(4, 1, 2, 3, 4), { ...uidBytes(0), reportDecoder: 'morse' as never })).toBeNull();
    expect(decodeReport(bytes(4, 1, 2, 3, 4), uidBytes(-1))).toBeNull();
    expect(decodeReport(bytes(4, 1, 2, 3, 4), uidBytes(0.5))).toBeNull();
  });
});
