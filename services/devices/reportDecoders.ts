import type { ByteOrder, ReaderProfile } from './readerProfiles';

/**
 * Pure decoders from one HID input report to a canonical card UID: upper-case hex, card byte
 * order (UID0 first), as the store keeps it. Reports come from a USB device we do not control,
 * so every index is bounds-checked and nothing here throws: a report that makes no sense is
 * 'invalid' and the service counts it instead of guessing a UID (a wrong guess admits the
 * wrong member).
 */

export type DecodeResult =
  | { kind: 'uid'; uid: string }
  /** No card in the field: an all-zero or zero-length report some readers send between taps. */
  | { kind: 'empty' }
  /** Not understood; `reason` is for logs and never contains report bytes. */
  | { kind: 'invalid'; reason: string };

export type DecoderSettings = Pick<ReaderProfile, 'reportDecoder' | 'offset' | 'byteOrder'>;

/** EM4100/W26 payloads are 3–5 bytes, ISO 14443 UIDs 4, 7 or 10; anything else is noise. */
export const MIN_UID_BYTES = 3;
export const MAX_UID_BYTES = 10;
/** A 32-bit value has at most 10 decimal digits (4294967295). */
const MAX_DECIMAL_DIGITS = 10;
const CR = 0x0d;
const NUL = 0x00;

const invalid = (reason: string): DecodeResult => ({ kind: 'invalid', reason });
const EMPTY: DecodeResult = { kind: 'empty' };

function toHex(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}

function ordered(bytes: number[], order: ByteOrder): number[] {
  return order === 'reversed' ? bytes.reverse() : bytes;
}

/** [len, uid0, uid1, ...] from `offset`. */
export function decodeUidBytes(report: Uint8Array, offset: number, order: ByteOrder): DecodeResult {
  if (!Number.isInteger(offset) || offset < 0) return invalid('bad offset');
  if (report.length <= offset) return invalid('report shorter than offset');
  const len = report[offset] ?? 0;
  if (len === 0) return EMPTY;
  if (len < MIN_UID_BYTES || len > MAX_UID_BYTES) return invalid('uid length out of range');
  if (offset + 1 + len > report.length) return invalid('uid length past end of report');
  const bytes = Array.from(report.subarray(offset + 1, offset + 1 + len));
  if (bytes.every((b) => b === 0)) return EMPTY;
  return { kind: 'uid', uid: toHex(ordered(bytes, order)) };
}

/** ASCII decimal digits of a 32-bit value from `offset`, ended by CR or NUL. */
export function decodeAsciiDigits(report: Uint8Array, offset: number, order: ByteOrder): DecodeResult {
  if (!Number.isInteger(offset) || offset < 0) return invalid('bad offset');
  if (report.length <= offset) return invalid('report shorter than offset');
  let value = 0;
  let digits = 0;
  for (let i = offset; i < report.length; i++) {
    const b = report[i] ?? NUL;
    if (b === CR || b === NUL) {
      if (digits === 0) return EMPTY;
      if (value === 0) return EMPTY;
      if (value > 0xffffffff) return invalid('value above 32 bits');
      return { kind: 'uid', uid: uint32Hex(value, order) };
    }
    if (b < 0x30 || b > 0x39) return invalid('non-digit in number');
    if (++digits > MAX_DECIMAL_DIGITS) return invalid('too many digits');
    value = value * 10 + (b - 0x30);
  }
  // No terminator: the number may have been cut off by the report size, so it cannot be trusted.
  return invalid('number not terminated');
}

function uint32Hex(value: number, order: ByteOrder): string {
  const bytes = [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
  return toHex(ordered(bytes, order));
}

/** Dispatches on the profile's decoder. Total: never throws, whatever the report holds. */
export function decodeReportDetailed(report: Uint8Array, settings: DecoderSettings): DecodeResult {
  try {
    if (!(report instanceof Uint8Array)) return invalid('not a byte array');
    switch (settings.reportDecoder) {
      case 'uid-bytes':
        return decodeUidBytes(report, settings.offset, settings.byteOrder);
      case 'ascii-digits':
        return decodeAsciiDigits(report, settings.offset, settings.byteOrder);
      default:
        return invalid('unknown decoder');
    }
  } catch {
    // Belt and braces: a decoder bug must cost one read, not the reader service.
    return invalid('decoder failure');
  }
}

/** The canonical UID, or null for an empty or unreadable report. */
export function decodeReport(report: Uint8Array, settings: DecoderSettings): string | null {
  const result = decodeReportDetailed(report, settings);
  return result.kind === 'uid' ? result.uid : null;
}
