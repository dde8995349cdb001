import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consumptionDto, importResultDto } from '../../core/contract/memberDto';
import { openTempKiosk, tableCounts, type TempKiosk } from '../testing/tempKiosk';

let k: TempKiosk;
beforeEach(async () => {
  k = await openTempKiosk({ signedInAs: 'manager' });
});
afterEach(async () => {
  await k.dispose();
});

const sqlite = () => k.ctx.kdb.sqlite;
const memberId = (memberNo: string) => sqlite().prepare('SELECT id FROM member WHERE member_no = ?').pluck().get(memberNo) as string;
const consumptionOf = (memberNo: string) =>
  sqlite().prepare('SELECT c.* FROM consumption c JOIN member m ON m.id = c.member_id WHERE m.member_no = ? ORDER BY c.occurred_at').all(memberNo) as Record<
    string,
    unknown
  >[];
const importCsv = async (csv: string, dryRun = false, fileName = 'pos-2026-11.csv') =>
  importResultDto.parse(await k.api['consumption.import']({ fileName, csv, dryRun }));

const ZH_FILE = [
  '\uFEFF会员号,消费时间,类别,金额,小票号,备注',
  'M000001,2026-11-20 14:05,课程,199.00,R-1001,团课',
  'M000002,2026-11-21T10:00:00+08:00,商品,35.5,R-1002,',
  'M000001,2026/11/22 9:05:30,私教,"1,280",R-1003,"含税, 开票"',
].join('\r\n');
const EN_FILE = ['member_no,occurred_at,category,amount,receipt_no', 'M000006,2026-11-01 08:00,membership,2999,EN-1', 'M000007,2026-11-02 18:30,product,12.5,EN-2', ''].join('\n');

describe('consumption at the desk', () => {
  it('records a sale with its mutation and audit row', async () => {
    const counts = tableCounts(k);
    const dto = consumptionDto.parse(
      await k.api['consumption.record']({ memberId: memberId('M000001'), category: 'personal_training', amountFen: 30_000, receiptNo: 'D-1', note: '私教 10 节' }),
    );
    expect(dto).toMatchObject({ category: 'personal_training', amountFen: 30_000, receiptNo: 'D-1', note: '私教 10 节', source: 'desk', staffName: '张伟', occurredAt: k.clock.now().toISOString() });
    const after = tableCounts(k);
    expect([after.consumption! - counts.consumption!, after.sync_outbox! - counts.sync_outbox!, after.audit_log! - counts.audit_log!]).toEqual([1, 1, 1]);
    expect(consumptionOf('M000001')).toEqual([expect.objectContaining({ id: dto.id, branch_id: k.ctx.desk.branchId, source: 'desk', import_id: null })]);
    const outbox = sqlite().prepare('SELECT name, args FROM sync_outbox ORDER BY seq DESC LIMIT 1').get() as { name: string; args: string };
    expect(outbox.name).toBe('consumption.record');
    expect(JSON.parse(outbox.args)).toMatchObject({ id: dto.id, amountFen: 30_000, receiptNo: 'D-1', source: 'desk' });
    const audit = sqlite().prepare('SELECT action, entity, entity_id, details FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { action: string; entity: string; entity_id: string; details: string };
    expect(audit).toMatchObject({ action: 'consumption.record', entity: 'consumption', entity_id: dto.id });
    expect(audit.details).not.toContain('D-1');
  });

  it('refuses a receipt number already recorded at this branch, an unknown member and an erased one', async () => {
    const id = memberId('M000001');
    await k.api['consumption.record']({ memberId: id, category: 'product', amountFen: 500, receiptNo: 'D-7' });
    const counts = tableCounts(k);
    await expect(k.api['consumption.record']({ memberId: memberId('M000002'), category: 'product', amountFen: 500, receiptNo: 'D-7' })).rejects.toMatchObject({
      code: 'CONFLICT',
      issues: [{ path: 'receiptNo', message: 'duplicate_receipt' }],
    });
    await expect(k.api['consumption.record']({ memberId: '00000000-0000-7000-8000-000000000000', category: 'product', amountFen: 500 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    sqlite().prepare('UPDATE member SET erased_at = ? WHERE id = ?').run(k.clock.now().toISOString(), memberId('M000010'));
    await expect(k.api['consumption.record']({ memberId: memberId('M000010'), category: 'product', amountFen: 500 })).rejects.toMatchObject({
      code: 'CONFLICT',
      issues: [{ message: 'member_erased' }],
    });
    expect(tableCounts(k)).toEqual(counts);
    // Sales without a receipt number never collide.
    await k.api['consumption.record']({ memberId: id, category: 'product', amountFen: 500 });
    await k.api['consumption.record']({ memberId: id, category: 'product', amountFen: 500 });
  });

  it('stores hostile note text inertly, as text', async () => {
    const note = `=cmd|' /C calc'!A0 <script>alert(1)</script>`;
    const dto = await k.api['consumption.record']({ memberId: memberId('M000001'), category: 'product', amountFen: 100, note });
    expect(dto.note).toBe(note);
    expect(consumptionOf('M000001')[0]?.note).toBe(note);
  });
});

describe('point-of-sale CSV import', () => {
  it('imports every row of a valid Chinese file, branch wall time converted to UTC', async () => {
    const counts = tableCounts(k);
    const result = await importCsv(ZH_FILE);
    expect(result).toMatchObject({ ok: true, dryRun: false, rows: 3, totalFen: 19_900 + 3_550 + 128_000, importId: expect.any(String) });
    if (!result.ok) throw new Error('refused');
    const after = tableCounts(k);
    expect(after.consumption! - counts.consumption!).toBe(3);
    expect(after.consumption_import! - counts.consumption_import!).toBe(1);
    expect(after.sync_outbox! - counts.sync_outbox!).toBe(3);
    expect(after.audit_log! - counts.audit_log!).toBe(1);
    expect(consumptionOf('M000001')).toEqual([
      expect.objectContaining({ occurred_at: '2026-11-20T06:05:00.000Z', category: 'course', amount_fen: 19_900, receipt_no: 'R-1001', note: '团课', source: 'import', import_id: result.importId }),
      expect.objectContaining({ occurred_at: '2026-11-22T01:05:30.000Z', category: 'personal_training', amount_fen: 128_000, note: '含税, 开票' }),
    ]);
    expect(consumptionOf('M000002')).toEqual([expect.objectContaining({ occurred_at: '2026-11-21T02:00:00.000Z', category: 'product', note: null })]);
    const imported = sqlite().prepare('SELECT * FROM consumption_import WHERE id = ?').get(result.importId) as Record<string, unknown>;
    expect(imported).toMatchObject({ file_name: 'pos-2026-11.csv', row_count: 3, total_fen: 151_450 });
    const audit = sqlite().prepare('SELECT action, entity_id, details FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { action: string; entity_id: string; details: string };
    expect(audit).toMatchObject({ action: 'consumption.import', entity_id: result.importId });
    expect(JSON.parse(audit.details)).toEqual({ importId: result.importId, rows: 3, totalFen: 151_450 });
  });

  it('imports an English file', async () => {
    expect(await importCsv(EN_FILE)).toMatchObject({ ok: true, rows: 2, totalFen: 299_900 + 1_250 });
  });

  it('checks without writing on a dry run', async () => {
    const counts = tableCounts(k);
    expect(await importCsv(ZH_FILE, true)).toEqual({ ok: true, dryRun: true, rows: 3, totalFen: 151_450, importId: null });
    expect(tableCounts(k)).toEqual(counts);
    // The dry run left nothing behind that would refuse the real import.
    expect(await importCsv(ZH_FILE)).toMatchObject({ ok: true, dryRun: false });
  });

  it('imports nothing when one line is bad, reporting each bad line, also on a dry run', async () => {
    sqlite().prepare('UPDATE member SET erased_at = ? WHERE member_no = ?').run(k.clock.now().toISOString(), 'M000010');
    const file = [
      'member_no,occurred_at,category,amount,receipt_no,note',
      'M000001,2026-11-20 14:05,course,199,B-1,',
      'M000002,2026-11-20 14:06,course,-5,B-2,',
      'M999999,2026-11-20 14:07,course,10,B-3,',
      'M000010,2026-11-20 14:08,course,10,B-4,',
      'M000003,2026-11-20 14:09,course,10,B-5,',
    ].join('\n');
    const counts = tableCounts(k);
    for (const dryRun of [false, true]) {
      const result = await importCsv(file, dryRun);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors.map((e) => [e.line, e.column, e.code])).toEqual([
        [3, 'amount', 'bad_amount'],
        [4, 'member_no', 'unknown_member'],
        [5, 'member_no', 'unknown_member'],
      ]);
      expect(tableCounts(k)).toEqual(counts);
    }
  });

  it('refuses the same file twice and receipts already on record', async () => {
    await importCsv(ZH_FILE);
    const counts = tableCounts(k);
    expect(await importCsv(ZH_FILE, false, 'again.csv')).toEqual({
      ok: false,
      errors: [{ line: 0, column: null, code: 'already_imported', message: expect.any(String) }],
    });
    // A different file (here: one extra row) repeating receipts already imported.
    const overlapping = `${ZH_FILE}\r\nM000003,2026-11-22 10:00,商品,5,R-2001,`;
    const result = await importCsv(overlapping);
    expect(result.ok ? [] : result.errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'duplicate_receipt'],
      [3, 'duplicate_receipt'],
      [4, 'duplicate_receipt'],
    ]);
    expect(tableCounts(k)).toEqual(counts);
  });

  it('refuses a formula in a receipt number and keeps hostile notes as inert text', async () => {
    const formula = `=cmd|' /C calc'!A0`;
    const refused = await importCsv(['member_no,occurred_at,category,amount,receipt_no', `M000001,2026-11-20 14:05,product,5,"${formula}"`].join('\n'));
    expect(refused.ok ? [] : refused.errors.map((e) => [e.line, e.column, e.code])).toEqual([[2, 'receipt_no', 'formula_cell']]);

    const file = [
      'member_no,occurred_at,category,amount,receipt_no,note',
      `M000001,2026-11-20 14:05,product,5,H-1,"${formula}"`,
      'M000001,2026-11-20 14:06,product,5,H-2,<script>alert(1)</script>',
    ].join('\n');
    expect(await importCsv(file)).toMatchObject({ ok: true, rows: 2 });
    expect(consumptionOf('M000001').map((r) => r.note)).toEqual([formula, '<script>alert(1)</script>']);
  });

  it('refuses a file that is not CSV at all, writing nothing', async () => {
    const counts = tableCounts(k);
    const result = await importCsv('<html><body>not a csv</body></html>');
    expect(result.ok).toBe(false);
    expect(tableCounts(k)).toEqual(counts);
  });
});

describe('who may record and import consumption', () => {
  it('reception records at the desk but may not import; a coach may do neither', async () => {
    const id = memberId('M000001');
    await k.signInAs('reception');
    await expect(k.api['consumption.record']({ memberId: id, category: 'product', amountFen: 100 })).resolves.toMatchObject({ source: 'desk', staffName: '王芳' });
    await expect(k.api['consumption.import']({ fileName: 'a.csv', csv: EN_FILE, dryRun: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await k.signInAs('coach');
    await expect(k.api['consumption.record']({ memberId: id, category: 'product', amountFen: 100 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(k.api['consumption.import']({ fileName: 'a.csv', csv: EN_FILE, dryRun: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(sqlite().prepare('SELECT count(*) FROM consumption_import').pluck().get()).toBe(0);
  });
});
