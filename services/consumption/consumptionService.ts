import { createHash } from 'node:crypto';
import { parsePosCsv, type ConsumptionRow, type OccurredAt } from '../../core/consumption/posCsv';
import { KioskError } from '../../core/contract/errors';
import type { ConsumptionDto } from '../../core/contract/memberDto';
import type { MethodInput, MethodOutput } from '../../core/contract/methods';
import { localParts } from '../../core/time/localDate';
import { prepareInsert } from '../../db/prepared';
import type { ConsumptionImportTable, ConsumptionTable } from '../../db/schema';
import type { Actor, ServiceContext } from '../context';
import { CONSUMPTION_COLUMNS } from '../membership/membershipStore';
import { checkAgainstDatabase, keysOfRefusedFile, mergeErrors, type LineKeys } from './importCheck';
import { wallTimeToInstant } from '../../core/time/zonedTime';

type ImportResult = MethodOutput<'consumption.import'>;

const IMPORT_COLUMNS = ['id', 'file_name', 'file_sha256', 'row_count', 'total_fen', 'staff_id', 'imported_at'] as const satisfies readonly (keyof ConsumptionImportTable)[];

/**
 * Consumption records: entered at the desk, or imported from a point-of-sale CSV (all or nothing).
 * Consumption feeds the tier score, so a row counted twice or a half-imported file would score
 * members wrongly: receipts are unique per branch, and a file is imported whole or not at all.
 */
export class ConsumptionService {
  private readonly member;
  private readonly memberByNo;
  private readonly receiptExists;
  private readonly fileImported;
  private readonly insertConsumption;
  private readonly insertImport;

  constructor(private readonly ctx: ServiceContext) {
    const sqlite = ctx.kdb.sqlite;
    this.member = sqlite.prepare<[string], { id: string; erased_at: string | null }>('SELECT id, erased_at FROM member WHERE id = ?');
    this.memberByNo = sqlite.prepare<[string], { id: string; erased_at: string | null }>('SELECT id, erased_at FROM member WHERE member_no = ?');
    this.receiptExists = sqlite.prepare<[string, string], number>('SELECT 1 FROM consumption WHERE branch_id = ? AND receipt_no = ?').pluck();
    this.fileImported = sqlite.prepare<[string], number>('SELECT 1 FROM consumption_import WHERE file_sha256 = ?').pluck();
    this.insertConsumption = prepareInsert(sqlite, 'consumption', CONSUMPTION_COLUMNS);
    this.insertImport = prepareInsert(sqlite, 'consumption_import', IMPORT_COLUMNS);
  }

  async record(input: MethodInput<'consumption.record'>, actor: Actor): Promise<MethodOutput<'consumption.record'>> {
    const now = this.ctx.clock.now().toISOString();
    const row: ConsumptionTable = {
      id: this.ctx.newId(),
      member_id: input.memberId,
      branch_id: this.ctx.desk.branchId,
      occurred_at: now,
      category: input.category,
      amount_fen: input.amountFen,
      receipt_no: input.receiptNo ?? null,
      note: input.note?.trim() || null,
      source: 'desk',
      import_id: null,
      staff_id: actor.staffId,
      created_at: now,
    };
    // Checks inside the transaction: nothing can record the same receipt between check and write.
    this.ctx.kdb.sqlite.transaction(() => {
      const member = this.member.get(input.memberId);
      if (!member) throw new KioskError('NOT_FOUND', 'member not found');
      // An erased member's history stays, anonymised; nothing new is attached to them.
      if (member.erased_at !== null) throw new KioskError('CONFLICT', 'member was erased', [{ path: 'memberId', message: 'member_erased' }]);
      if (row.receipt_no !== null && this.receiptExists.get(this.ctx.desk.branchId, row.receipt_no)) {
        throw new KioskError('CONFLICT', 'receipt number was already recorded at this branch', [{ path: 'receiptNo', message: 'duplicate_receipt' }]);
      }
      this.write(row, actor);
      // The receipt number stays out of the audit row: a free token, it could be a phone number.
      this.ctx.audit.append({
        actorType: 'staff',
        actorId: actor.staffId,
        action: 'consumption.record',
        entity: 'consumption',
        entityId: row.id,
        details: { memberId: row.member_id, category: row.category, amountFen: row.amount_fen, source: row.source },
      });
    })();
    return toDto(row, actor.name);
  }

  async importCsv(input: MethodInput<'consumption.import'>, actor: Actor): Promise<MethodOutput<'consumption.import'>> {
    const now = this.ctx.clock.now().toISOString();
    const sha256 = createHash('sha256').update(input.csv, 'utf8').digest('hex');
    const check = (): { ok: true; rows: ConsumptionRow[]; memberIds: Map<string, string> } | Extract<ImportResult, { ok: false }> => {
      // Alone: every receipt of a re-imported file is a duplicate too, and a page of those hides the point.
      if (this.fileImported.get(sha256)) {
        return { ok: false, errors: [{ line: 0, column: null, code: 'already_imported', message: 'this file was imported before' }] };
      }
      const parsed = parsePosCsv(input.csv, { today: localParts(now, this.ctx.desk.timeZone).date });
      const keys: LineKeys[] = parsed.ok
        ? parsed.rows.map((r) => ({ line: r.line, memberNo: r.memberNo, receiptNo: r.receiptNo }))
        : keysOfRefusedFile(input.csv, parsed.errors);
      const branchId = this.ctx.desk.branchId;
      const database = checkAgainstDatabase(keys, {
        memberIdByNo: (no) => {
          const m = this.memberByNo.get(no);
          return m && m.erased_at === null ? m.id : null;
        },
        receiptExists: (receiptNo) => this.receiptExists.get(branchId, receiptNo) !== undefined,
      });
      if (!parsed.ok || database.errors.length > 0) return { ok: false, errors: mergeErrors(parsed.ok ? [] : parsed.errors, database.errors) };
      return { ok: true, rows: parsed.rows, memberIds: database.memberIds };
    };

    if (input.dryRun) {
      const checked = check();
      if (!checked.ok) return checked;
      return { ok: true, dryRun: true, rows: checked.rows.length, totalFen: total(checked.rows), importId: null };
    }
    // The checks run inside the import's transaction, so what was checked is what is written.
    return this.ctx.kdb.sqlite.transaction((): ImportResult => {
      const checked = check();
      if (!checked.ok) return checked;
      const importId = this.ctx.newId();
      const totalFen = total(checked.rows);
      this.insertImport({
        id: importId,
        file_name: input.fileName,
        file_sha256: sha256,
        row_count: checked.rows.length,
        total_fen: totalFen,
        staff_id: actor.staffId,
        imported_at: now,
      });
      for (const r of checked.rows) {
        const memberId = checked.memberIds.get(r.memberNo);
        if (memberId === undefined) throw new Error('import row lost its member between check and write');
        this.write(
          {
            id: this.ctx.newId(),
            member_id: memberId,
            branch_id: this.ctx.desk.branchId,
            occurred_at: this.toInstant(r.occurredAt),
            category: r.category,
            amount_fen: r.amountFen,
            receipt_no: r.receiptNo,
            note: r.note,
            source: 'import',
            import_id: importId,
            staff_id: actor.staffId,
            created_at: now,
          },
          actor,
        );
      }
      // One audit row for the file; the file name stays out (it may name a person or a phone).
      this.ctx.audit.append({
        actorType: 'staff',
        actorId: actor.staffId,
        action: 'consumption.import',
        entity: 'consumption_import',
        entityId: importId,
        details: { importId, rows: checked.rows.length, totalFen },
      });
      return { ok: true, dryRun: false, rows: checked.rows.length, totalFen, importId };
    })();
  }

  /** The row and its sync mutation (consumption is an append-only fact going up whole). */
  private write(row: ConsumptionTable, actor: Actor): void {
    this.insertConsumption(row);
    this.ctx.outbox.write('consumption.record', 1, {
      id: row.id,
      memberId: row.member_id,
      branchId: row.branch_id,
      occurredAt: row.occurred_at,
      category: row.category,
      amountFen: row.amount_fen,
      receiptNo: row.receipt_no,
      note: row.note,
      source: row.source,
      importId: row.import_id,
      staffId: actor.staffId,
    });
  }

  /** A POS wall-clock time is the branch's local time; the store keeps UTC instants. */
  private toInstant(at: OccurredAt): string {
    return at.kind === 'instant' ? at.value : wallTimeToInstant(at.value, this.ctx.desk.timeZone);
  }
}

const total = (rows: readonly ConsumptionRow[]): number => rows.reduce((sum, r) => sum + r.amountFen, 0);

function toDto(row: ConsumptionTable, staffName: string): ConsumptionDto {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    category: row.category,
    amountFen: row.amount_fen,
    receiptNo: row.receipt_no,
    note: row.note,
    source: row.source,
    staffName,
  };
}
