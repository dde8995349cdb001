import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Member registration, the membership lifecycle, consumption and the deletion workflow
 * (PRODUCT.md §2, SECURITY.md "Personal data"). Additive only; frozen once landed.
 *
 * - member: sensitive fields are sealed per field (services/privacy/fieldCipher.ts, AAD
 *   member/<column>/<id>); `id_card_index` is a keyed blind index for exact search and the
 *   duplicate check. `erased_at` marks a member whose personal fields were erased on request:
 *   the row stays so visits and consumption keep their history, anonymised.
 * - member_consent: what was consented to, when, by whom, with which text version (PIPL Art. 29).
 * - membership_event: the lifecycle history shown on the member page (created, frozen, renewed,
 *   refund requested and decided, cancelled). `ref_id` links a refund decision to its request.
 * - consumption: integer fen, > 0; an imported receipt number is unique per branch, so a file
 *   imported twice is refused instead of counted twice.
 * - deletion_request: request → manager approval → erasure; one open request per member.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['id_card_sealed', 'id_card_index', 'health_notes_sealed', 'emergency_contact_sealed', 'erased_at', 'registered_by']) {
    await db.schema.alterTable('member').addColumn(column, 'text').execute();
  }
  await db.schema.alterTable('member').addColumn('preferred_courses', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.createIndex('member_id_card_index').on('member').column('id_card_index').execute();
  await db.schema.createIndex('member_phone').on('member').column('phone').execute();

  await db.schema.alterTable('membership').addColumn('plan_code', 'text').execute();
  await db.schema.alterTable('membership').addColumn('frozen_from', 'text').execute();
  await db.schema.alterTable('membership').addColumn('frozen_until', 'text').execute();

  await db.schema
    .createTable('member_consent')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('member.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('sensitive')`))
    .addColumn('granted', 'integer', (c) => c.notNull().check(sql`granted IN (0, 1)`))
    .addColumn('text_version', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .execute();
  await db.schema.createIndex('member_consent_member').on('member_consent').columns(['member_id', 'recorded_at']).execute();

  await db.schema
    .createTable('membership_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('membership_id', 'text', (c) => c.notNull().references('membership.id'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('member.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind IN ('created','frozen','unfrozen','renewed','refund_requested','refund_approved','refund_rejected','cancelled')`),
    )
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('from_date', 'text')
    .addColumn('to_date', 'text')
    .addColumn('amount_fen', 'integer')
    .addColumn('reason', 'text')
    .addColumn('ref_id', 'text')
    .execute();
  await db.schema.createIndex('membership_event_member').on('membership_event').columns(['member_id', 'occurred_at']).execute();

  await db.schema
    .createTable('consumption')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('member.id'))
    .addColumn('branch_id', 'text', (c) => c.notNull().references('branch.id'))
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull().check(sql`category IN ('membership','course','personal_training','product')`))
    .addColumn('amount_fen', 'integer', (c) => c.notNull().check(sql`amount_fen > 0`))
    .addColumn('receipt_no', 'text')
    .addColumn('note', 'text')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source IN ('desk','import','renewal')`))
    .addColumn('import_id', 'text')
    .addColumn('staff_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consumption_member').on('consumption').columns(['member_id', 'occurred_at']).execute();
  await sql`CREATE UNIQUE INDEX consumption_receipt ON consumption(branch_id, receipt_no) WHERE receipt_no IS NOT NULL`.execute(db);

  await db.schema
    .createTable('consumption_import')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull().unique())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('total_fen', 'integer', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('deletion_request')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('member.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text')
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('pending','approved','rejected')`))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('note', 'text')
    .execute();
  await sql`CREATE UNIQUE INDEX deletion_request_open ON deletion_request(member_id) WHERE status = 'pending'`.execute(db);
}
