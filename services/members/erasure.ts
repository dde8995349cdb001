import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

/** What an erased member's name becomes: the history still needs a row to point at. */
export const ERASED_NAME = '已注销会员';

/**
 * Keys of personal values in sync mutation arguments (snake_case rows and camelCase objects).
 * Ids, dates, amounts and statuses stay: they are the anonymised history head office keeps.
 */
const PERSONAL_KEYS: ReadonlySet<string> = new Set([
  'name',
  'phone',
  'phone_tail',
  'phoneTail',
  'birthday',
  'photo',
  'photoDataUrl',
  'id_card_sealed',
  'id_card_index',
  'health_notes_sealed',
  'emergency_contact_sealed',
  'emergencyContact',
  'fitness_goal',
  'fitnessGoal',
  'preferred_courses',
  'preferredCourses',
  'note',
]);

/**
 * The sensitive values a withdrawn consent deletes (PIPL Art. 47): the sealed ID number and
 * health notes, and the ID number's blind index.
 */
export const SENSITIVE_KEYS: ReadonlySet<string> = new Set(['id_card_sealed', 'id_card_index', 'health_notes_sealed']);

/** A copy of `value` with the value of every key in `keys` (at any depth) replaced by null. */
export function scrubKeys(value: unknown, keys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => scrubKeys(v, keys));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keys.has(k) ? null : scrubKeys(v, keys)]));
}

/** A copy of `value` with every personal key's value (at any depth) replaced by null. */
export function scrubPersonal(value: unknown): unknown {
  return scrubKeys(value, PERSONAL_KEYS);
}

/**
 * Rewrites queued and sent sync mutations that name the member, with the values of `keys`
 * nulled; args_hash is recomputed as db/outbox.ts computes it, so a row not yet pushed is sent
 * consistently. Returns how many rows changed. Only inside the transaction of the change.
 */
export function prepareOutboxScrub(sqlite: Database.Database) {
  const outboxMentioning = sqlite.prepare<[string], { seq: number; args: string }>('SELECT seq, args FROM sync_outbox WHERE instr(args, ?) > 0');
  const rewriteOutbox = sqlite.prepare('UPDATE sync_outbox SET args = @args, args_hash = @hash WHERE seq = @seq');
  return (memberId: string, keys: ReadonlySet<string>): number => {
    let changed = 0;
    for (const row of outboxMentioning.all(memberId)) {
      const args = JSON.stringify(scrubKeys(JSON.parse(row.args), keys));
      if (args === row.args) continue;
      rewriteOutbox.run({ seq: row.seq, args, hash: createHash('sha256').update(args).digest('hex') });
      changed++;
    }
    return changed;
  };
}

/**
 * The SQL of an erasure, prepared once. Every statement runs inside the deciding transaction;
 * the caller adds the card unbinding, the sync mutation and the audit row.
 */
export function prepareErasure(sqlite: Database.Database) {
  const eraseMember = sqlite.prepare(
    `UPDATE member SET name = @name, phone = '', phone_tail = '', birthday = NULL, photo = NULL, id_card_sealed = NULL,
       id_card_index = NULL, health_notes_sealed = NULL, emergency_contact_sealed = NULL, fitness_goal = NULL,
       preferred_courses = '[]', medical_alert = 0, erased_at = @at, updated_at = @at, version = version + 1
     WHERE id = @id AND erased_at IS NULL`,
  );
  // Notes are free text typed at the desk about this member; the amounts stay for the tier score.
  const clearConsumptionNotes = sqlite.prepare('UPDATE consumption SET note = NULL WHERE member_id = ? AND note IS NOT NULL');
  const scrubOutbox = prepareOutboxScrub(sqlite);

  return {
    /** Erases the member's personal fields; false if the member was already erased. */
    member(memberId: string, at: string): boolean {
      return eraseMember.run({ id: memberId, name: ERASED_NAME, at }).changes === 1;
    },
    consumptionNotes(memberId: string): number {
      return clearConsumptionNotes.run(memberId).changes;
    },
    /** Queued and sent sync mutations naming the member, their personal values nulled; how many changed. */
    outbox(memberId: string): number {
      return scrubOutbox(memberId, PERSONAL_KEYS);
    },
  };
}
