/**
 * Migration 5: the database's own check that a device's push writes only its own branch's
 * facts — SECURITY.md's second wall behind the handlers' ownership rules. Every push sets the
 * acting branch for its transaction (`kiosk.acting_branch`, transaction-local); with it set,
 * a statement that inserts a branch-owned fact of another branch, or a change-log row of
 * another branch's scope, or moves a visit to another branch, fails with SQLSTATE KS002 and
 * nothing of it stays. Outside a push (the admin CLI, loads) the setting is unset and nothing
 * is checked.
 *
 * Statement-level triggers over the transition table, not row-level security: PostgreSQL lets
 * superusers (PGlite's only user, and many a head-office login) bypass every RLS policy, while
 * a trigger holds for every role; and one check per statement costs next to nothing on a
 * 500-visit INSERT. Inserts only, apart from visits: an erasure clears a member's sale notes
 * at every branch, and roster rows (members, memberships, cards) are the chain's.
 */
const CHECK_FUNCTION = `
CREATE FUNCTION acting_branch_check() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  v_acting text := nullif(current_setting('kiosk.acting_branch', true), '');
  v_foreign boolean;
BEGIN
  IF v_acting IS NULL THEN
    RETURN NULL;
  END IF;
  IF TG_ARGV[0] = 'scope' THEN
    SELECT EXISTS (SELECT 1 FROM new_rows WHERE scope <> 'global' AND scope <> 'branch:' || v_acting) INTO v_foreign;
  ELSE
    SELECT EXISTS (SELECT 1 FROM new_rows WHERE branch_id IS DISTINCT FROM v_acting) INTO v_foreign;
  END IF;
  IF v_foreign THEN
    RAISE EXCEPTION 'a push of branch % wrote % rows of another branch', v_acting, TG_TABLE_NAME USING ERRCODE = 'KS002';
  END IF;
  RETURN NULL;
END
$fn$`;

/** [table, event, column checked] */
const WALLS: readonly [string, 'INSERT' | 'UPDATE', 'branch_id' | 'scope'][] = [
  ['visit', 'INSERT', 'branch_id'],
  ['visit', 'UPDATE', 'branch_id'],
  ['consumption', 'INSERT', 'branch_id'],
  ['class_attendance', 'INSERT', 'branch_id'],
  ['membership_event', 'INSERT', 'branch_id'],
  ['member_consent', 'INSERT', 'branch_id'],
  ['deletion_request', 'INSERT', 'branch_id'],
  ['member_conflict', 'INSERT', 'branch_id'],
  ['change_log', 'INSERT', 'scope'],
];

export const BRANCH_WALL_STATEMENTS: readonly string[] = [
  CHECK_FUNCTION,
  ...WALLS.map(
    ([table, event, column]) =>
      `CREATE TRIGGER ${table}_acting_branch_${event.toLowerCase()} AFTER ${event} ON ${table} ` +
      `REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION acting_branch_check('${column}')`,
  ),
];

/** The SQLSTATE of a push writing another branch's rows. */
export const OTHER_BRANCH_WRITE = 'KS002';
