import { randomInt } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempKiosk, type TempKiosk } from '../testing/tempKiosk';
import { call, photo, registration, validIdCard } from './memberTestKit';

/**
 * The acceptance test of SECURITY.md "Personal data": after a deletion, a checkpoint and a
 * vacuum, no byte of any database file (main, -wal, -shm) holds a marker of the member; and a
 * live member's ID number and health notes are never on disk in plaintext at all.
 */
let k: TempKiosk;
let closed = false;
beforeEach(async () => {
  k = await openTempKiosk({ signedInAs: 'reception' });
  closed = false;
});
afterEach(async () => {
  if (closed) rmSync(k.dir, { recursive: true, force: true });
  else await k.dispose();
});

/** Every database file of the kiosk; the key file beside it is not the database. */
function databaseFiles(): { name: string; bytes: Buffer }[] {
  return readdirSync(k.dir)
    .filter((f) => f.startsWith('kiosk.sqlite') && !f.endsWith('.keys.json'))
    .map((name) => ({ name, bytes: readFileSync(join(k.dir, name)) }));
}

/** The markers found in any database file, as `file: marker`. */
function leftovers(markers: Record<string, Buffer[]>): string[] {
  const found: string[] = [];
  for (const { name, bytes } of databaseFiles()) {
    for (const [label, encodings] of Object.entries(markers)) if (encodings.some((e) => bytes.includes(e))) found.push(`${name}: ${label}`);
  }
  return found;
}

const utf8 = (text: string) => [Buffer.from(text, 'utf8')];
/** A phone as text and as the big-endian integer SQLite would store were it ever numeric. */
const phoneBytes = (phone: string) => {
  const n = BigInt(phone);
  const be8 = Buffer.alloc(8);
  be8.writeBigInt64BE(n);
  return [Buffer.from(phone, 'utf8'), be8, be8.subarray(2)];
};

const checkpoint = () => k.ctx.kdb.sqlite.pragma('wal_checkpoint(TRUNCATE)');

describe('personal data on disk', () => {
  it('leaves no marker of an erased member in any database file after checkpoint and vacuum', async () => {
    const tag = String(randomInt(100_000, 999_999));
    const m = {
      name: `欧阳琮璟Qz${tag}`,
      phone: `199${tag}${String(randomInt(10, 99))}`,
      idCard: validIdCard(randomInt(100, 999), '19770815'),
      contactName: `慕容Wy${tag}`,
      contactPhone: `177${tag}${String(randomInt(10, 99))}`,
      notes: `哮喘Hn${tag}`,
      goal: `增肌Fg${tag}`,
      photo: `Ph${tag}Mk`,
      note: `备注Nt${tag}`,
    };
    const markers: Record<string, Buffer[]> = {
      name: utf8(m.name),
      phone: phoneBytes(m.phone),
      idCard: utf8(m.idCard),
      contactName: utf8(m.contactName),
      contactPhone: phoneBytes(m.contactPhone),
      notes: utf8(m.notes),
      goal: utf8(m.goal),
      photo: utf8(m.photo),
      consumptionNote: utf8(m.note),
    };
    expect(leftovers(markers)).toEqual([]);

    const r = await call(
      k,
      'members.register',
      registration({
        profile: {
          name: m.name,
          phone: m.phone,
          idCard: m.idCard,
          healthNotes: m.notes,
          fitnessGoal: m.goal,
          emergencyContact: { name: m.contactName, phone: m.contactPhone },
        },
        consent: { sensitive: true, textVersion: 'sensitive-2026-11' },
        photoDataUrl: photo(m.photo),
        card: { card: 'C0DE0E01', format: 'hex' },
      }),
    );
    // A desk payment with a note naming the member, as the consumption service would write it.
    const sqlite = k.ctx.kdb.sqlite;
    const now = k.clock.now().toISOString();
    sqlite.transaction(() => {
      sqlite
        .prepare("INSERT INTO consumption (id, member_id, branch_id, occurred_at, category, amount_fen, note, source, created_at) VALUES (?, ?, ?, ?, 'product', 800, ?, 'desk', ?)")
        .run(k.ctx.newId(), r.memberId, k.ctx.desk.branchId, now, m.note, now);
      k.ctx.outbox.write('consumption.record', 1, { memberId: r.memberId, amountFen: 800, note: m.note });
    })();
    await k.api['checkin.card']({ card: 'C0DE0E01', format: 'hex' });
    await call(k, 'members.search', { query: m.name });
    await call(k, 'members.page', { memberId: r.memberId });
    k.clock.advance(4 * 60_000);
    await k.api['checkin.card']({ card: 'C0DE0E01', format: 'hex' });
    const request = await call(k, 'members.requestDeletion', { memberId: r.memberId, reason: '会员本人申请注销' });
    await k.signInAs('manager');
    await call(k, 'members.reveal', { memberId: r.memberId, field: 'emergencyContact' });
    // The scan does see the member while they are on file.
    checkpoint();
    expect(leftovers(markers)).toEqual(expect.arrayContaining(['kiosk.sqlite: name', 'kiosk.sqlite: phone', 'kiosk.sqlite: photo', 'kiosk.sqlite: consumptionNote']));

    await call(k, 'members.decideDeletion', { requestId: request.id, approve: true });
    expect((await call(k, 'members.page', { memberId: r.memberId })).profile.erasedAt).not.toBeNull();

    checkpoint();
    sqlite.exec('VACUUM');
    checkpoint();
    await k.close();
    closed = true;
    expect(databaseFiles().map((f) => f.name)).toContain('kiosk.sqlite');
    expect(leftovers(markers)).toEqual([]);
  });

  it('never writes a live member’s ID number or health notes in plaintext', async () => {
    const tag = String(randomInt(100_000, 999_999));
    const idCard = validIdCard(randomInt(100, 999), '19850612');
    const notes = `心脏支架Hn${tag}`;
    const contact = `慕容Wy${tag}`;
    const markers = { idCard: utf8(idCard), notes: utf8(notes), contact: utf8(contact) };
    await call(
      k,
      'members.register',
      registration({
        profile: { name: `林${tag}`, phone: `199${tag}00`, idCard, healthNotes: notes, emergencyContact: { name: contact, phone: `177${tag}00` } },
        consent: { sensitive: true, textVersion: 'sensitive-2026-11' },
        card: { card: 'C0DE0E02', format: 'hex' },
      }),
    );
    await k.api['checkin.card']({ card: 'C0DE0E02', format: 'hex' });
    // In the WAL before the checkpoint, in the main file after it: never.
    expect(leftovers(markers)).toEqual([]);
    checkpoint();
    expect(leftovers(markers)).toEqual([]);
    // The member is on disk all the same (the scan reads the right files).
    expect(leftovers({ name: utf8(`林${tag}`) })).toEqual(['kiosk.sqlite: name']);
  });
});
