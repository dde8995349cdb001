import { PUSH_VISIT_RUN_FUNCTION } from './pushVisitRunSql';

/*
 * Migration 6's functions: a push of new check-ins mixed with other mutations
 * (headoffice/sync/pushMixed.ts), in two steps of one transaction. Kept as shipped; migration 7
 * (pushMixedStoredEarlySql.ts) replaces the two steps with ones doing more before the turn.
 *
 * push_visits_early — before the push's turn (while head office still applies the client's
 * previous batch): sets the acting branch (migration 5's check), answers -1 when a mutation id
 * of the batch is already stored, otherwise inserts the visits (rows in the desk's shape, as
 * their change-log rows will be) and answers how many were new. The rows are kept for the tail
 * in a transaction-local setting, so they cross the wire once. It writes nothing that refers to
 * the client row (sync_mutation does, by foreign key): that row's key-share lock would stop the
 * previous batch's turn, which locks the row for update, while this push waits for that turn.
 *
 * push_batch_tail — at the end of the push's turn: the stored results of every mutation (the
 * visits' built here), the client's new last_seq, then the change log: per scope in a fixed
 * (byte) order, the scope's counter taken and its entries numbered in emission order (`i`), the
 * visits' entries in the visits' scope at the places `p_visits` gives them.
 */

/**
 * How long a push's statement may wait for a lock before the push fails as transient (503, the
 * desk retries). Pushes wait for each other briefly (a branch's change-log counter); only a bug
 * — the same visit id in a desk's batch and in its next one, held early — could make a push wait
 * for one that waits for its turn. This ends such a wait instead of hanging the desk's queue.
 */
export const PUSH_LOCK_TIMEOUT = '10s';

export const PUSH_VISITS_EARLY_FUNCTION = `
CREATE FUNCTION push_visits_early(p_branch text, p_device text, p_rows text, p_mutation_ids text[])
  RETURNS integer
LANGUAGE plpgsql AS $fn$
DECLARE
  v_inserted integer;
BEGIN
  PERFORM set_config('kiosk.acting_branch', p_branch, true);
  PERFORM set_config('lock_timeout', '${PUSH_LOCK_TIMEOUT}', true);
  IF EXISTS (SELECT 1 FROM sync_mutation WHERE mutation_id = ANY (p_mutation_ids)) THEN
    RETURN -1;
  END IF;
  PERFORM set_config('kiosk.push_visit_rows', p_rows, true);
  INSERT INTO visit (id, member_id, branch_id, device_id, staff_id, source, card_uid, occurred_at, admitted, color, reasons, tier_code,
      override_staff_id, override_reason, overridden_at, received_from_device_id, version)
    SELECT r.id, r.member_id, r.branch_id, r.device_id, r.staff_id, r.source, r.card_uid, r.occurred_at, r.admitted = 1, r.color, r.reasons::jsonb,
      r.tier_code, r.override_staff_id, r.override_reason, r.overridden_at, p_device, 1
    FROM jsonb_to_recordset(p_rows::jsonb) AS r(id text, member_id text, branch_id text, device_id text, staff_id text, source text, card_uid text,
      occurred_at timestamptz, admitted integer, color text, reasons text, tier_code text, override_staff_id text, override_reason text,
      overridden_at timestamptz)
    ON CONFLICT (id) DO NOTHING;
  GET DIAGNOSTICS v_inserted = ROW_COUNT;
  RETURN v_inserted;
END
$fn$`;

export const PUSH_BATCH_TAIL_FUNCTION = `
CREATE FUNCTION push_batch_tail(p_client text, p_last_seq bigint, p_visit_scope text, p_visits jsonb, p_stored jsonb, p_changes jsonb)
  RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  v_rows jsonb := coalesce(nullif(current_setting('kiosk.push_visit_rows', true), ''), '[]')::jsonb;
  v_scope text;
BEGIN
  INSERT INTO sync_mutation (client_id, seq, mutation_id, name, version, args_hash, status, result, hlc, device_time)
    SELECT p_client, s.seq, s.mutation_id, 'visit.record', 1, s.args_hash, 'applied',
      jsonb_build_object('seq', s.seq, 'mutationId', s.mutation_id, 'status', 'applied'), s.hlc, s.device_time
    FROM jsonb_to_recordset(p_visits) AS s(seq bigint, mutation_id text, args_hash text, hlc text, device_time timestamptz)
    UNION ALL
    SELECT p_client, s.seq, s.mutation_id, s.name, s.version, s.args_hash, s.status, s.result, s.hlc, s.device_time
    FROM jsonb_to_recordset(p_stored)
      AS s(seq bigint, mutation_id text, name text, version integer, args_hash text, status text, result jsonb, hlc text, device_time timestamptz);
  UPDATE sync_client SET last_seq = p_last_seq WHERE client_id = p_client;

  FOR v_scope IN
    SELECT s.scope FROM (
      SELECT c.scope FROM jsonb_to_recordset(p_changes) AS c(scope text)
      UNION SELECT p_visit_scope WHERE jsonb_array_length(v_rows) > 0) s
    ORDER BY s.scope COLLATE "C"
  LOOP
    WITH entries AS (
      SELECT c.i, c.table_name, c.pk, c.op, c.row, c.version
      FROM jsonb_to_recordset(p_changes) AS c(scope text, i integer, table_name text, pk text, op text, row jsonb, version integer)
      WHERE c.scope = v_scope
      UNION ALL
      SELECT (p_visits -> (r.n::integer - 1) ->> 'i')::integer, 'visit', r.row ->> 'id', 'upsert', r.row, 1
      FROM jsonb_array_elements(v_rows) WITH ORDINALITY AS r(row, n)
      WHERE v_scope = p_visit_scope),
    counter AS (
      INSERT INTO sync_scope (scope, last_seq) VALUES (v_scope, (SELECT count(*) FROM entries))
      ON CONFLICT (scope) DO UPDATE SET last_seq = sync_scope.last_seq + excluded.last_seq
      RETURNING last_seq)
    INSERT INTO change_log (scope, seq, tx_last_seq, table_name, pk, op, row, version)
      SELECT v_scope, counter.last_seq - (SELECT count(*) FROM entries) + row_number() OVER (ORDER BY e.i), counter.last_seq,
        e.table_name, e.pk, e.op, e.row, e.version
      FROM counter, entries e;
  END LOOP;
END
$fn$`;

/** push_visit_run (migration 4, whose text stays as shipped) with the same lock timeout. */
export const PUSH_VISIT_RUN_WITH_LOCK_TIMEOUT = withLockTimeout(PUSH_VISIT_RUN_FUNCTION);

function withLockTimeout(fn: string): string {
  const acting = "PERFORM set_config('kiosk.acting_branch', p_branch, true);";
  // Derived from the text: a change there must not silently drop the timeout.
  if (!fn.startsWith('\nCREATE FUNCTION') || !fn.includes(acting)) throw new Error('push_visit_run no longer has the shape its lock timeout is added to');
  return fn.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION').replace(acting, `${acting}\n  PERFORM set_config('lock_timeout', '${PUSH_LOCK_TIMEOUT}', true);`);
}
