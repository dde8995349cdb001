import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatUid } from '../../core/cards/cardNumber';
import { openTempKiosk, tableCounts, type TempKiosk } from '../testing/tempKiosk';
import { auditRows, call, failure, outboxRows, registration } from './memberTestKit';

let k: TempKiosk;
let memberId: string;
beforeEach(async () => {
  k = await openTempKiosk({ signedInAs: 'reception' });
  memberId = (await call(k, 'members.register', registration())).memberId;
});
afterEach(async () => {
  await k.dispose();
});

const tap = (uid: string, format: 'hex' | 'dec10' | 'w26' = 'hex') => k.api['checkin.card']({ card: formatUid(uid, format), format });
/** Past the duplicate-scan window, so each tap is judged afresh (the desk locks meanwhile: taps only after). */
const later = () => k.clock.advance(60 * 60_000);

describe('card lifecycle', () => {
  it('binds a card read in any UID format and stores its canonical UID and W26 key', async () => {
    const card = await call(k, 'cards.bind', { memberId, card: { card: formatUid('C0DE0A01', 'dec10'), format: 'dec10' } });
    expect(card).toMatchObject({ cardUid: 'C0DE0A01', status: 'active', endedAt: null });
    const stored = k.ctx.kdb.sqlite.prepare('SELECT card_uid, w26_key FROM card_binding WHERE id = ?').get(card.id);
    expect(stored).toEqual({ card_uid: 'C0DE0A01', w26_key: formatUid('C0DE0A01', 'w26') });
    expect((await tap('C0DE0A01', 'w26')).member?.member.id).toBe(memberId);
    expect(auditRows(k, 'card.bind')).toEqual([expect.objectContaining({ entity: 'card_binding', entity_id: card.id, details: JSON.stringify({ memberId }) })]);
    expect(outboxRows(k, 'card.bind').at(-1)?.args).toContain(card.id);
  });

  it('reports a card lost: check-in refuses it in red with CARD_LOST', async () => {
    const card = await call(k, 'cards.bind', { memberId, card: { card: 'C0DE0A02', format: 'hex' } });
    expect((await tap('C0DE0A02')).color).toBe('green');
    const lost = await call(k, 'cards.reportLost', { bindingId: card.id });
    expect(lost).toMatchObject({ id: card.id, status: 'lost', endedAt: k.clock.now().toISOString() });
    // Reported twice: nothing more to end.
    expect(await failure(k, 'cards.reportLost', { bindingId: card.id })).toMatchObject({ code: 'CONFLICT' });
    later();
    const r = await tap('C0DE0A02');
    expect(r).toMatchObject({ color: 'red', admitted: false });
    expect(r.reasons.map((x) => x.code)).toEqual(['CARD_LOST']);
    expect(auditRows(k, 'card.reportLost')).toHaveLength(1);
    expect(JSON.parse(outboxRows(k, 'card.setStatus').at(-1)!.args)).toMatchObject({ id: card.id, status: 'lost' });
  });

  it('replaces the active card in one step: the old one stops, the new one admits', async () => {
    const old = await call(k, 'cards.bind', { memberId, card: { card: 'C0DE0A03', format: 'hex' } });
    const fresh = await call(k, 'cards.replace', { memberId, card: { card: 'C0DE0A04', format: 'hex' } });
    expect(fresh).toMatchObject({ cardUid: 'C0DE0A04', status: 'active' });
    const page = await call(k, 'members.page', { memberId });
    expect(page.cards.map((c) => [c.cardUid, c.status])).toEqual(
      expect.arrayContaining([
        ['C0DE0A04', 'active'],
        ['C0DE0A03', 'replaced'],
      ]),
    );
    expect(page.cards.find((c) => c.id === old.id)?.endedAt).not.toBeNull();
    expect((await tap('C0DE0A04')).color).toBe('green');
    later();
    // The replaced card is a known card of the member's, but not an active one.
    expect((await tap('C0DE0A03')).admitted).toBe(false);
    expect(auditRows(k, 'card.replace')).toEqual([expect.objectContaining({ entity_id: fresh.id, details: JSON.stringify({ memberId, replacedBindingId: old.id }) })]);
  });

  it('unbinds a card: it no longer admits, and can then go to someone else', async () => {
    const card = await call(k, 'cards.bind', { memberId, card: { card: 'C0DE0A05', format: 'hex' } });
    expect(await call(k, 'cards.unbind', { bindingId: card.id })).toMatchObject({ status: 'unbound' });
    expect((await tap('C0DE0A05')).admitted).toBe(false);
    const other = await call(k, 'members.register', registration({ profile: { phone: '16612340002' }, card: { card: 'C0DE0A05', format: 'hex' } }));
    later();
    expect((await tap('C0DE0A05')).member?.member.id).toBe(other.memberId);
    expect(auditRows(k, 'card.unbind')).toHaveLength(1);
  });

  it('never has a UID active twice, nor two active cards for one member', async () => {
    await call(k, 'cards.bind', { memberId, card: { card: 'C0DE0A06', format: 'hex' } });
    const other = await call(k, 'members.register', registration({ profile: { phone: '16612340003' } }));
    const before = tableCounts(k);
    // The same card for someone else, in another format of the same UID.
    expect(await failure(k, 'cards.bind', { memberId: other.memberId, card: { card: formatUid('C0DE0A06', 'hex-reversed'), format: 'hex-reversed' } })).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await failure(k, 'cards.replace', { memberId: other.memberId, card: { card: 'C0DE0A06', format: 'hex' } })).toMatchObject({ code: 'CONFLICT' });
    // A second card for the same member: replace, not bind.
    expect(await failure(k, 'cards.bind', { memberId, card: { card: 'C0DE0A07', format: 'hex' } })).toMatchObject({ code: 'CONFLICT' });
    // Replacing a card with itself.
    expect(await failure(k, 'cards.replace', { memberId, card: { card: 'C0DE0A06', format: 'hex' } })).toMatchObject({ code: 'CONFLICT' });
    expect(tableCounts(k)).toEqual(before);
    const active = k.ctx.kdb.sqlite.prepare("SELECT count(*) AS n FROM card_binding WHERE card_uid = 'C0DE0A06' AND status = 'active'").get();
    expect(active).toEqual({ n: 1 });
  });

  it('refuses Wiegand-26 input, unknown members and bindings', async () => {
    const uuid = '0190a5d2-3c4b-7def-8a12-3456789abcde';
    expect(await failure(k, 'cards.bind', { memberId, card: { card: '09012345', format: 'w26' } })).toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'card.format' }],
    });
    expect(await failure(k, 'cards.bind', { memberId: uuid, card: { card: 'C0DE0A08', format: 'hex' } })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(k, 'cards.replace', { memberId, card: { card: 'C0DE0A08', format: 'hex' } })).toMatchObject({ code: 'CONFLICT' });
    expect(await failure(k, 'cards.reportLost', { bindingId: uuid })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(k, 'cards.unbind', { bindingId: uuid })).toMatchObject({ code: 'NOT_FOUND' });
  });
});
