/**
 * Deterministic identifiers for generated databases: the same arguments give the same file, and
 * the benchmark can name existing cards without asking the database.
 */

/**
 * UUIDv7-shaped ids whose 48-bit time is the record's own time and whose remaining bits are a
 * global counter. Unique by construction (the counter never repeats within one generation) and
 * reproducible, unlike uuid's v7 which mixes in wall-clock time and randomness. Rows generated
 * in time order therefore get ascending ids, so primary-key indexes are filled by appending.
 */
export class SequentialIds {
  private counter = 0;

  next(timeMs: number): string {
    const ts = Math.floor(timeMs).toString(16).padStart(12, '0');
    const n = this.counter++;
    // 48-bit counter in the last group: room for 2.8e14 ids, far more than any run generates.
    const low = n.toString(16).padStart(12, '0');
    return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7000-8000-${low}`;
  }
}

/** The number of generated members a card scheme can tell apart (see generatedCardUid). */
export const MAX_GENERATED_MEMBERS = 1 << 23;

/**
 * The active card of generated member `index` (0-based, the featured demo members included):
 * a 4-byte UID as canonical hex. The low 24 bits (all a Wiegand-26 reader sees) are an odd
 * multiple of the index modulo 2^23 — a bijection, so W26 keys are unique too — offset into
 * 0x600000..0xDFFFFF, which avoids the featured demo cards (0x5F00xx) and the demo's unknown
 * card (…EE0001). Scrambled rather than sequential so card lookups hit the index at random,
 * as real taps do.
 */
export function generatedCardUid(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_GENERATED_MEMBERS) {
    throw new RangeError(`member index ${index} is outside 0..${MAX_GENERATED_MEMBERS - 1}`);
  }
  const low = 0x600000 + ((index * 7919) % MAX_GENERATED_MEMBERS);
  return (0x5b000000 + low).toString(16).toUpperCase();
}

/** Member numbers continue the demo's scheme: M000001 is the first featured member. */
export function generatedMemberNo(index: number): string {
  return `M${String(index + 1).padStart(6, '0')}`;
}
