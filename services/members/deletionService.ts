import { KioskError } from '../../core/contract/errors';
import type { DeletionRequestDto } from '../../core/contract/memberDto';
import { deletionRequestById, pendingDeletionRequests } from '../../db/queries/memberPage';
import { prepareMemberRecordReads, type MemberRecordReads } from '../../db/queries/memberRecords';
import { prepareInsert } from '../../db/prepared';
import type { DeletionRequestTable } from '../../db/schema';
import { personalDataProblem } from '../audit/detailsGuard';
import type { Actor, ServiceContext } from '../context';
import { CardService } from './cardService';
import { prepareErasure } from './erasure';
import { deletionRequestDtoOf } from './memberDtos';

const REQUEST_COLUMNS = ['id', 'member_id', 'reason', 'requested_by', 'requested_at', 'status', 'decided_by', 'decided_at', 'note'] as const satisfies readonly (keyof DeletionRequestTable)[];

/**
 * Staff text kept with a deletion request (reason, decision note) outlives the erasure, so it
 * must not carry the member's ID or phone number: refused here rather than erased later.
 */
function refusePersonalText(path: string, text: string | undefined): void {
  const problem = text === undefined ? null : personalDataProblem(text);
  if (problem === 'id_card' || problem === 'mobile') {
    throw new KioskError('INVALID_INPUT', 'the text must not contain an ID or phone number', [{ path, message: 'must not contain an ID or phone number' }]);
  }
}

/** Deletion on request: request → manager approval → personal fields erased, history anonymised. */
export class DeletionService {
  private readonly reads: MemberRecordReads;
  private readonly insertRequest;
  private readonly decideRequest;
  private readonly erase;
  // Stateless over the same context: the erasure unbinds cards exactly as the desk does.
  private readonly cards: CardService;

  constructor(private readonly ctx: ServiceContext) {
    const sqlite = ctx.kdb.sqlite;
    this.reads = prepareMemberRecordReads(ctx.kdb);
    this.insertRequest = prepareInsert(sqlite, 'deletion_request', REQUEST_COLUMNS);
    this.decideRequest = sqlite.prepare(
      "UPDATE deletion_request SET status = @status, decided_by = @staffId, decided_at = @at, note = @note WHERE id = @id AND status = 'pending'",
    );
    this.erase = prepareErasure(sqlite);
    this.cards = new CardService(ctx);
  }

  async request(memberId: string, reason: string, actor: Actor): Promise<DeletionRequestDto> {
    refusePersonalText('reason', reason);
    const now = this.ctx.clock.now().toISOString();
    const id = this.ctx.newId();
    this.ctx.kdb.sqlite.transaction(() => {
      const member = this.reads.member.get(memberId);
      if (!member) throw new KioskError('NOT_FOUND', 'member not found');
      if (member.erased_at !== null) throw new KioskError('CONFLICT', 'the member was already erased', [{ path: 'memberId', message: 'member_erased' }]);
      if (this.reads.pendingDeletionOf.get(memberId)) throw new KioskError('CONFLICT', 'a deletion request for this member is already pending', [{ path: 'memberId', message: 'deletion_pending' }]);
      const row: DeletionRequestTable = {
        id,
        member_id: memberId,
        reason: reason.trim(),
        requested_by: actor.staffId,
        requested_at: now,
        status: 'pending',
        decided_by: null,
        decided_at: null,
        note: null,
      };
      this.insertRequest(row);
      this.ctx.outbox.write('member.requestDeletion', 1, { id, memberId, reason: row.reason, requestedAt: now, requestedBy: actor.staffId });
      this.ctx.audit.append({ actorType: 'staff', actorId: actor.staffId, action: 'member.requestDeletion', entity: 'deletion_request', entityId: id, details: { memberId } });
    })();
    return this.dto(id);
  }

  async pending(actor: Actor): Promise<DeletionRequestDto[]> {
    void actor; // a read: the guard checked the permission
    return (await pendingDeletionRequests(this.ctx.kdb.db)).map(deletionRequestDtoOf);
  }

  /**
   * Rejects, or approves and erases in one transaction: the member's personal fields, their
   * active cards, consumption notes and the personal values in queued sync mutations; visits,
   * memberships and amounts stay, pointing at the anonymised row. A 'member.erase' mutation
   * carries the tombstone to head office and from there to every branch.
   */
  async decide(requestId: string, approve: boolean, note: string | undefined, actor: Actor): Promise<DeletionRequestDto> {
    refusePersonalText('note', note);
    const now = this.ctx.clock.now().toISOString();
    const decisionNote = note?.trim() || null;
    this.ctx.kdb.sqlite.transaction(() => {
      const request = this.reads.deletionRequest.get(requestId);
      if (!request) throw new KioskError('NOT_FOUND', 'deletion request not found');
      const status = approve ? 'approved' : 'rejected';
      const decided = this.decideRequest.run({ id: requestId, status, staffId: actor.staffId, at: now, note: decisionNote });
      if (decided.changes !== 1) throw new KioskError('CONFLICT', `the request was already decided (${request.status})`, [{ path: 'requestId', message: 'already_decided' }]);
      const memberId = request.member_id;
      if (!approve) {
        this.ctx.outbox.write('member.rejectDeletion', 1, { id: requestId, memberId, decidedAt: now, decidedBy: actor.staffId, note: decisionNote });
        this.ctx.audit.append({ actorType: 'staff', actorId: actor.staffId, action: 'member.rejectDeletion', entity: 'deletion_request', entityId: requestId, details: { memberId } });
        return;
      }
      if (!this.erase.member(memberId, now)) throw new KioskError('CONFLICT', 'the member was already erased', [{ path: 'memberId', message: 'member_erased' }]);
      const cardsUnbound = this.cards.unbindAllWithin(memberId, actor, now);
      const notesCleared = this.erase.consumptionNotes(memberId);
      // Before the tombstone is queued: it names the member too, but carries nothing personal.
      const outboxScrubbed = this.erase.outbox(memberId);
      this.ctx.outbox.write('member.erase', 1, { memberId, requestId, erasedAt: now, staffId: actor.staffId });
      this.ctx.audit.append({
        actorType: 'staff',
        actorId: actor.staffId,
        action: 'member.erase',
        entity: 'member',
        entityId: memberId,
        details: { requestId, cardsUnbound, notesCleared, outboxScrubbed },
      });
    })();
    return this.dto(requestId);
  }

  private async dto(requestId: string): Promise<DeletionRequestDto> {
    const row = await deletionRequestById(this.ctx.kdb.db, requestId);
    if (!row) throw new KioskError('NOT_FOUND', 'deletion request not found');
    return deletionRequestDtoOf(row);
  }
}
