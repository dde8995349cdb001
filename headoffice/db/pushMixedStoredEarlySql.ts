import { PUSH_LOCK_TIMEOUT } from './pushMixedSql';

/*
 * Migration 7: the mixed push's two steps (headoffice/sync/pushMixed.ts) with more of the work
 * before the push's turn, where it overlaps the desk's previous batch instead of adding to it.
 * Replaces migration 6's push_visits_early / push_batch_tail (dropped: their callers, an older
 * head-office process during an upgrade, then find no function and take the general path).
 *
 * push_mixed_start — before the push's turn. Makes the row of a new client (as the turn would).
 * Answers -1 unless the client row is this device's and no mutation id of the batch is stored
 * (the caller rolls back); otherwise inserts the visits and their stored results (sync_mutation
 * rows: a new visit's result is always `applied`) and answers how many visits it inserted.
 * Plain INSERTs: a visit id already stored (only a desk's bug sends one under a new mutation id)
 * fails the step, and the caller takes the general path. The rows are kept for the change log in
 * a transaction-local setting, so they cross the wire once.
 *
 * The sync_mutation rows take a key-share lock on the client row (their foreign key) while the
 * push waits for its turn, behind the previous batch's turn, which locks that row. Every push
 * path locks it without key-update strength (ON CONFLICT DO UPDATE of last_seq, UPDATE of
 * last_seq, SELECT … FOR NO KEY UPDATE), which a key-share lock does not block; a FOR UPDATE
 * there would wait for this push, which waits for it.
 *
 * push_mixed_finish — at the end of the push's turn: the other mutations' stored results, the
 * client's new last_seq, then the change log: per scope in a fixed (byte) order, the scope's
 * counter taken and its entries numbered in emission order, the visits' entries at the places
 * `p_visit_at` gives them (one per visit row, in order).
 */
export const PUSH_MIXED_START_FUNCTION = `
CREATE FUNCTION push_mixed_start(p_branch text, p_device text, p_client text, p_rows text, p_stored text, p_mutation_ids text[])
  RETURNS integer
LANGUAGE plpgsql AS $fn$
DECLARE
  v_inserted integer;
BEGIN
  PERFORM set_config('kiosk.acting_branch', p_branch, true);
  PERFORM set_config('lock_timeout', '${PUSH_LOCK_TIMEOUT}', true);
  -- A new client's row, as the turn's lock would make it: held by this push until it ends. Looked
  -- for first: an INSERT … ON CONFLICT meeting the row would wait for the previous batch's turn,
  -- which has just updated it, where a plain read sees the committed row at once.
  IF NOT EXISTS (SELECT 1 FROM sync_client WHERE client_id = p_client) THEN
    INSERT INTO sync_client (client_id, device_id, branch_id, last_seq) VALUES (p_client, p_device, p_branch, 0) ON CONFLICT (client_id) DO NOTHING;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM sync_client WHERE client_id = p_client AND device_id = p_device)
    OR EXISTS (SELECT 1 FROM sync_mutation WHERE mutation_id = ANY (p_mutation_ids)) THEN
    RETURN -1;
  END IF;
  PERFORM set_config('kiosk.push_visit_rows', p_rows, true);
  -- json, not jsonb: each text is read once here, and json_to_recordset skips building a jsonb value.
  INSERT INTO visit (id, member_id, branch_id, device_id, staff_id, source, card_uid, occurred_at, admitted, color, reasons, tier_code,
      override_staff_id, override_reason, overridden_at, received_from_device_id, version)
    SELECT r.id, r.member_id, r.branch_id, r.device_id, r.staff_id, r.source, r.card_uid, r.occurred_at, r.admitted = 1, r.color, r.reasons::jsonb,
      r.tier_code, r.override_staff_id, r.override_reason, r.overridden_at, p_device, 1
    FROM json_to_recordset(p_rows::json) AS r(id text, member_id text, branch_id text, device_id text, staff_id text, source text, card_uid text,
      occurred_at timestamptz, admitted integer, color text, reasons text, tier_code text, override_staff_id text, override_reason text,
      overridden_at timestamptz);
  GET DIAGNOSTICS v_inserted = ROW_COUNT;
  INSERT INTO sync_mutation (client_id, seq, mutation_id, name, version, args_hash, status, result, hlc, device_time)
    SELECT p_client, s.seq, s.mutation_id, 'visit.record', 1, s.args_hash, 'applied',
      jsonb_build_object('seq', s.seq, 'mutationId', s.mutation_id, 'status', 'applied'), s.hlc, s.device_time
    FROM json_to_recordset(p_stored::json) AS s(seq bigint, mutation_id text, args_hash text, hlc text, device_time timestamptz);
  RETURN v_inserted;
END
$fn$`;

export const PUSH_MIXED_FINISH_FUNCTION = `
CREATE FUNCTION push_mixed_finish(p_client text, p_last_seq bigint, p_visit_scope text, p_visit_at integer[], p_stored jsonb, p_changes jsonb)
  RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  v_rows jsonb := coalesce(nullif(current_setting('kiosk.push_visit_rows', true), ''), '[]')::jsonb;
  v_scope text;
BEGIN
  INSERT INTO sync_mutation (client_id, seq, mutation_id, name, version, args_hash, status, result, hlc, device_time)
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
      SELECT p_visit_at[r.n], 'visit', r.row ->> 'id', 'upsert', r.row, 1
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

export const PUSH_MIXED_STORED_EARLY_STATEMENTS: readonly string[] = [
  'DROP FUNCTION push_visits_early(text, text, text, text[])',
  'DROP FUNCTION push_batch_tail(text, bigint, text, jsonb, jsonb, jsonb)',
  PUSH_MIXED_START_FUNCTION,
  PUSH_MIXED_FINISH_FUNCTION,
];
