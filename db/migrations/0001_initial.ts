import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The kiosk's first schema. Frozen once landed: later changes go in new, additive migrations.
 * Times are UTC ISO-8601 text, calendar dates YYYY-MM-DD, money integer fen, ids UUIDv7 text.
 * Every synced row carries `version` so a refetched page from head office is harmless.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('branch')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('device')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('branch_id', 'text', (c) => c.notNull().references('branch.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_this_device', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`CREATE UNIQUE INDEX device_this ON device(is_this_device) WHERE is_this_device = 1`.execute(db);

  await db.schema
    .createTable('staff')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('branch_id', 'text', (c) => c.notNull().references('branch.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('reception','coach','manager','headoffice')`))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('tier')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('rank', 'integer', (c) => c.notNull().unique())
    .addColumn('min_score', 'real', (c) => c.notNull())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tier_benefit')
    .addColumn('tier_code', 'text', (c) => c.primaryKey().references('tier.code'))
    .addColumn('free_classes_per_month', 'integer')
    .addColumn('course_discount_pct', 'integer')
    .addColumn('personal_training_discount_pct', 'integer')
    .addColumn('product_discount_pct', 'integer')
    .addColumn('perks', 'text', (c) => c.notNull())
    .execute();

  // The seed table of the membership tier rules (会员等级评定制度); head office may replace it.
  await db
    .insertInto('tier' as never)
    .values([
      { code: 'bronze', rank: 1, min_score: 0, name_zh: '青铜', name_en: 'Bronze' },
      { code: 'silver', rank: 2, min_score: 60, name_zh: '白银', name_en: 'Silver' },
      { code: 'gold', rank: 3, min_score: 75, name_zh: '黄金', name_en: 'Gold' },
      { code: 'diamond', rank: 4, min_score: 90, name_zh: '钻石', name_en: 'Diamond' },
    ] as never)
    .execute();
  const base = ['basicFacilities'];
  const silver = [...base, 'priorityEquipmentBooking', 'courseAdvisor'];
  const gold = [...silver, 'privateLocker', 'customCoursePackage', 'healthNewsletter'];
  const diamond = [...gold, 'personalCoach', 'prioritySlotsTopCoaches', 'birthdayGift', 'vipEvents'];
  await db
    .insertInto('tier_benefit' as never)
    .values([
      { tier_code: 'bronze', free_classes_per_month: 2, course_discount_pct: null, personal_training_discount_pct: null, product_discount_pct: 90, perks: JSON.stringify(base) },
      { tier_code: 'silver', free_classes_per_month: 4, course_discount_pct: 95, personal_training_discount_pct: null, product_discount_pct: 85, perks: JSON.stringify(silver) },
      { tier_code: 'gold', free_classes_per_month: 6, course_discount_pct: 90, personal_training_discount_pct: 95, product_discount_pct: 80, perks: JSON.stringify(gold) },
      { tier_code: 'diamond', free_classes_per_month: null, course_discount_pct: 85, personal_training_discount_pct: 90, product_discount_pct: 75, perks: JSON.stringify(diamond) },
    ] as never)
    .execute();

  await db.schema
    .createTable('member')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_no', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('gender', 'text', (c) => c.notNull().check(sql`gender IN ('female','male','unspecified')`))
    .addColumn('birthday', 'text')
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('phone_tail', 'text', (c) => c.notNull())
    .addColumn('home_branch_id', 'text', (c) => c.notNull().references('branch.id'))
    .addColumn('photo', 'text')
    .addColumn('medical_alert', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fitness_goal', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('member_phone_tail').on('member').column('phone_tail').execute();
  await db.schema.createIndex('member_name').on('member').column('name').execute();

  await db.schema
    .createTable('membership')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('member.id'))
    .addColumn('plan_name', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('active','frozen','expired','cancelled')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('membership_member').on('membership').columns(['member_id', 'valid_until']).execute();

  await db.schema
    .createTable('card_binding')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('card_uid', 'text', (c) => c.notNull())
    .addColumn('w26_key', 'text')
    .addColumn('member_id', 'text', (c) => c.notNull().references('member.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('active','lost','replaced','unbound')`))
    .addColumn('bound_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // One card belongs to one member at a time; lost cards stay findable so the desk can say so.
  await sql`CREATE UNIQUE INDEX card_binding_active_uid ON card_binding(card_uid) WHERE status = 'active'`.execute(db);
  await db.schema.createIndex('card_binding_uid').on('card_binding').columns(['card_uid', 'bound_at']).execute();
  await db.schema.createIndex('card_binding_w26').on('card_binding').columns(['w26_key', 'bound_at']).execute();
  await db.schema.createIndex('card_binding_member').on('card_binding').column('member_id').execute();

  await db.schema
    .createTable('member_tier')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('member.id'))
    .addColumn('quarter', 'text', (c) => c.notNull())
    .addColumn('tier_code', 'text', (c) => c.notNull().references('tier.code'))
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('effective_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('member_tier_member_quarter', ['member_id', 'quarter'])
    .execute();
  await db.schema.createIndex('member_tier_current').on('member_tier').columns(['member_id', 'effective_at']).execute();

  await db.schema
    .createTable('visit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('member.id'))
    .addColumn('branch_id', 'text', (c) => c.notNull().references('branch.id'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source IN ('card','manual','kiosk')`))
    .addColumn('card_uid', 'text')
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('admitted', 'integer', (c) => c.notNull())
    .addColumn('color', 'text', (c) => c.notNull().check(sql`color IN ('green','yellow','red')`))
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('tier_code', 'text')
    .addColumn('override_staff_id', 'text')
    .addColumn('override_reason', 'text')
    .addColumn('overridden_at', 'text')
    .execute();
  // Covering the member panel's last visits and the duplicate-scan lookup, so a tap reads no
  // visit rows: on a desk with years of visits those rows are scattered over the whole file.
  await db.schema
    .createIndex('visit_member_time')
    .on('visit')
    .columns(['member_id', 'occurred_at', 'admitted', 'id', 'source', 'color', 'branch_id', 'tier_code', 'overridden_at'])
    .execute();

  await db.schema
    .createTable('class_session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('branch_id', 'text', (c) => c.notNull().references('branch.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('coach_name', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('class_session_time').on('class_session').columns(['branch_id', 'starts_at']).execute();

  await db.schema
    .createTable('class_attendance')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('member.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('class_session.id'))
    .addColumn('branch_id', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('attended_at', 'text', (c) => c.notNull())
    /** YYYY-MM in the branch's zone: the month whose free quota it used. */
    .addColumn('quota_month', 'text', (c) => c.notNull())
    .addColumn('used_free_quota', 'integer', (c) => c.notNull())
    .addUniqueConstraint('class_attendance_once', ['member_id', 'session_id'])
    .execute();
  await db.schema.createIndex('class_attendance_month').on('class_attendance').columns(['member_id', 'quota_month']).execute();

  await db.schema
    .createTable('setting')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  // The sync outbox (see SYNC.md): written in the same transaction as the business row.
  await db.schema
    .createTable('sync_outbox')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('mutation_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('args', 'text', (c) => c.notNull())
    .addColumn('args_hash', 'text', (c) => c.notNull())
    .addColumn('hlc', 'text', (c) => c.notNull())
    .addColumn('device_time', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status IN ('pending','applied','rejected')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('result', 'text')
    .execute();
  await sql`CREATE INDEX sync_outbox_pending ON sync_outbox(seq) WHERE status = 'pending'`.execute(db);
}
