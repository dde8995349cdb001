import { CardNumberError, parseCardNumber, w26KeyOfUid } from '../../core/cards/cardNumber';
import type { CardFormat } from '../../core/cards/cardFormat';
import { KioskError } from '../../core/contract/errors';
import type { CardDto } from '../../core/contract/memberDto';
import { prepareMemberRecordReads, type CardRecord, type MemberRecordReads } from '../../db/queries/memberRecords';
import { prepareInsert } from '../../db/prepared';
import type { CardBindingTable } from '../../db/schema';
import type { Actor, ServiceContext } from '../context';
import { cardDtoOf } from './memberDtos';

type EndStatus = 'lost' | 'replaced' | 'unbound';
const BINDING_COLUMNS = ['id', 'card_uid', 'w26_key', 'member_id', 'status', 'bound_at', 'ended_at'] as const satisfies readonly (keyof CardBindingTable)[];

/**
 * The canonical UID of a card typed or read at the desk, for binding. Wiegand-26 is refused: it
 * drops the UID's top byte, so binding from it would store a guess at someone's card.
 */
export function bindableUid(card: { card: string; format: CardFormat }): string {
  if (card.format === 'w26') {
    throw new KioskError('INVALID_INPUT', 'a card cannot be bound from a Wiegand-26 number', [
      { path: 'card.format', message: 'a Wiegand-26 number does not identify the full UID' },
    ]);
  }
  try {
    const key = parseCardNumber(card.card, card.format);
    if (key.kind !== 'uid') throw new CardNumberError('unsupported_format', 'not a UID');
    return key.uid;
  } catch (error) {
    if (error instanceof CardNumberError) {
      throw new KioskError('INVALID_INPUT', `card number does not fit the ${card.format} format`, [{ path: 'card.card', message: error.reason }]);
    }
    throw error;
  }
}

/**
 * Card lifecycle: bind, replace, report lost (挂失), unbind. A UID is active for at most one
 * member (also a unique index) and a member holds at most one active card, so a tap always
 * names one person. Ended bindings are kept: check-in must still recognise a lost card.
 */
export class CardService {
  private readonly reads: MemberRecordReads;
  private readonly insertBinding;
  private readonly endBindingStmt;

  constructor(private readonly ctx: ServiceContext) {
    this.reads = prepareMemberRecordReads(ctx.kdb);
    this.insertBinding = prepareInsert(ctx.kdb.sqlite, 'card_binding', BINDING_COLUMNS);
    this.endBindingStmt = ctx.kdb.sqlite.prepare(
      "UPDATE card_binding SET status = @status, ended_at = @at, version = version + 1 WHERE id = @id AND status = 'active'",
    );
  }

  async bind(memberId: string, card: { card: string; format: CardFormat }, actor: Actor): Promise<CardDto> {
    const uid = bindableUid(card);
    const now = this.ctx.clock.now().toISOString();
    return this.ctx.kdb.sqlite.transaction(() => {
      const bound = this.bindWithin(memberId, uid, actor, now);
      this.ctx.audit.append({ actorType: 'staff', actorId: actor.staffId, action: 'card.bind', entity: 'card_binding', entityId: bound.id, details: { memberId } });
      return cardDtoOf(bound);
    })();
  }

  /** The member's active card becomes 'replaced' and the new one is bound, in one transaction. */
  async replace(memberId: string, card: { card: string; format: CardFormat }, actor: Actor): Promise<CardDto> {
    const uid = bindableUid(card);
    const now = this.ctx.clock.now().toISOString();
    return this.ctx.kdb.sqlite.transaction(() => {
      this.requireLiveMember(memberId);
      const old = this.reads.activeCardOfMember.get(memberId);
      if (!old) throw new KioskError('CONFLICT', 'the member has no active card to replace; bind a card instead', [{ path: 'memberId', message: 'no_active_card' }]);
      // Checked before the old card ends, so "replacing" a card with itself is refused too.
      this.refuseActiveUid(uid);
      this.end(old, 'replaced', actor, now);
      const bound = this.bindWithin(memberId, uid, actor, now);
      this.ctx.audit.append({
        actorType: 'staff',
        actorId: actor.staffId,
        action: 'card.replace',
        entity: 'card_binding',
        entityId: bound.id,
        details: { memberId, replacedBindingId: old.id },
      });
      return cardDtoOf(bound);
    })();
  }

  async reportLost(bindingId: string, actor: Actor): Promise<CardDto> {
    return this.endWithAudit(bindingId, 'lost', 'card.reportLost', actor);
  }

  async unbind(bindingId: string, actor: Actor): Promise<CardDto> {
    return this.endWithAudit(bindingId, 'unbound', 'card.unbind', actor);
  }

  /**
   * Binds `uid` to the member and enqueues its sync mutation; the caller's transaction holds
   * it (and writes the audit row: registration records the binding in its own entry).
   */
  bindWithin(memberId: string, uid: string, actor: Actor, now: string): CardRecord {
    if (!this.ctx.kdb.sqlite.inTransaction) throw new Error('bindWithin must run inside a transaction');
    this.requireLiveMember(memberId);
    if (this.reads.activeCardOfMember.get(memberId)) {
      throw new KioskError('CONFLICT', 'the member already holds an active card; replace it instead', [{ path: 'memberId', message: 'has_active_card' }]);
    }
    this.refuseActiveUid(uid);
    const row: Omit<CardBindingTable, 'version'> = {
      id: this.ctx.newId(),
      card_uid: uid,
      w26_key: w26KeyOfUid(uid),
      member_id: memberId,
      status: 'active',
      bound_at: now,
      ended_at: null,
    };
    this.insertBinding(row);
    this.ctx.outbox.write('card.bind', 1, {
      id: row.id,
      memberId,
      cardUid: row.card_uid,
      w26Key: row.w26_key,
      boundAt: now,
      staffId: actor.staffId,
    });
    return { id: row.id, card_uid: row.card_uid, member_id: memberId, status: 'active', bound_at: now, ended_at: null };
  }

  /** Ends all of a member's active cards (deletion); the caller's transaction holds it. */
  unbindAllWithin(memberId: string, actor: Actor, now: string): number {
    let ended = 0;
    for (let card = this.reads.activeCardOfMember.get(memberId); card; card = this.reads.activeCardOfMember.get(memberId)) {
      this.end(card, 'unbound', actor, now);
      ended++;
    }
    return ended;
  }

  private endWithAudit(bindingId: string, status: EndStatus, action: string, actor: Actor): CardDto {
    const now = this.ctx.clock.now().toISOString();
    return this.ctx.kdb.sqlite.transaction(() => {
      const card = this.reads.binding.get(bindingId);
      if (!card) throw new KioskError('NOT_FOUND', 'card binding not found');
      if (card.status !== 'active') throw new KioskError('CONFLICT', `the card is not active (it is ${card.status})`, [{ path: 'bindingId', message: 'card_not_active' }]);
      const ended = this.end(card, status, actor, now);
      this.ctx.audit.append({ actorType: 'staff', actorId: actor.staffId, action, entity: 'card_binding', entityId: bindingId, details: { memberId: card.member_id } });
      return cardDtoOf(ended);
    })();
  }

  private end(card: CardRecord, status: EndStatus, actor: Actor, now: string): CardRecord {
    const result = this.endBindingStmt.run({ id: card.id, status, at: now });
    if (result.changes !== 1) throw new KioskError('CONFLICT', 'the card is no longer active', [{ path: 'bindingId', message: 'card_not_active' }]);
    this.ctx.outbox.write('card.setStatus', 1, { id: card.id, memberId: card.member_id, status, endedAt: now, staffId: actor.staffId });
    return { ...card, status, ended_at: now };
  }

  private requireLiveMember(memberId: string): void {
    const member = this.reads.member.get(memberId);
    if (!member) throw new KioskError('NOT_FOUND', 'member not found');
    if (member.erased_at !== null) throw new KioskError('CONFLICT', 'the member was erased on request', [{ path: 'memberId', message: 'member_erased' }]);
  }

  private refuseActiveUid(uid: string): void {
    if (this.reads.activeCardByUid.get(uid)) throw new KioskError('CONFLICT', 'the card is already bound to a member', [{ path: 'card', message: 'card_taken' }]);
  }
}
