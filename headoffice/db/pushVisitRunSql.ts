/**
 * Migration 4's function: a push made only of new visits, applied in one statement
 * (headoffice/sync/pushVisitRun.ts). It does what the general push does for such a batch, in
 * the same order and with the same locks — the client row first, the branch's change-log
 * counter last, just before the commit — and hands anything else back untouched:
 *
 * - false: the client belongs to another device, or its next seq is not the batch's first
 *   (a resend, a gap), or a mutation id is already stored. Nothing is written but the client
 *   row the general path would create too.
 * - SQLSTATE KS001: a visit id is already stored. The statement rolls back whole.
 *
 * Either way the caller runs the general path, which has the answer for every such case.
 * Called as a single statement outside any transaction: its own transaction, committed with it.
 */
export const PUSH_VISIT_RUN_FUNCTION = `
CREATE FUNCTION push_visit_run(
  p_client text, p_device text, p_branch text, p_scope text, p_first_seq bigint, p_last_seq bigint, p_rows jsonb, p_mutations jsonb)
  RETURNS boolean
LANGUAGE plpgsql AS $fn$
DECLARE
  v_device text;
  v_last bigint;
  v_count integer := jsonb_array_length(p_rows);
  v_inserted integer;
  v_scope_last bigint;
BEGIN
  -- The acting branch for migration 5's check, until this statement's transaction ends.
  PERFORM set_config('kiosk.acting_branch', p_branch, true);
  INSERT INTO sync_client (client_id, device_id, branch_id, last_seq) VALUES (p_client, p_device, p_branch, 0)
    ON CONFLICT (client_id) DO UPDATE SET last_seq = sync_client.last_seq
    RETURNING device_id, last_seq INTO v_device, v_last;
  IF v_device <> p_device OR v_last + 1 <> p_first_seq THEN
    RETURN false;
  END IF;
  -- An array (= ANY) rather than IN (subquery): the cached generic plan then probes the unique
  -- index once per id instead of possibly joining against the whole table.
  IF EXISTS (SELECT 1 FROM sync_mutation WHERE mutation_id = ANY (ARRAY(SELECT m.mutation_id FROM jsonb_to_recordset(p_mutations) AS m(mutation_id text)))) THEN
    RETURN false;
  END IF;

  -- The visits from their rows in the desk's shape (the change-log rows below): admitted 0/1,
  -- reasons as JSON text; the receiver and version 1 are head office's.
  INSERT INTO visit (id, member_id, branch_id, device_id, staff_id, source, card_uid, occurred_at, admitted, color, reasons, tier_code,
      override_staff_id, override_reason, overridden_at, received_from_device_id, version)
    SELECT r.id, r.member_id, r.branch_id, r.device_id, r.staff_id, r.source, r.card_uid, r.occurred_at, r.admitted = 1, r.color, r.reasons::jsonb,
      r.tier_code, r.override_staff_id, r.override_reason, r.overridden_at, p_device, 1
    FROM jsonb_to_recordset(p_rows) AS r(id text, member_id text, branch_id text, device_id text, staff_id text, source text, card_uid text,
      occurred_at timestamptz, admitted integer, color text, reasons text, tier_code text, override_staff_id text, override_reason text,
      overridden_at timestamptz)
    ON CONFLICT (id) DO NOTHING;
  GET DIAGNOSTICS v_inserted = ROW_COUNT;
  IF v_inserted <> v_count THEN
    RAISE EXCEPTION 'a visit of this push is already stored' USING ERRCODE = 'KS001';
  END IF;

  INSERT INTO sync_mutation (client_id, seq, mutation_id, name, version, args_hash, status, result, hlc, device_time)
    SELECT p_client, s.seq, s.mutation_id, 'visit.record', 1, s.args_hash, 'applied',
      jsonb_build_object('seq', s.seq, 'mutationId', s.mutation_id, 'status', 'applied'), s.hlc, s.device_time
    FROM jsonb_to_recordset(p_mutations) AS s(seq bigint, mutation_id text, args_hash text, hlc text, device_time timestamptz);
  UPDATE sync_client SET last_seq = p_last_seq WHERE client_id = p_client;

  INSERT INTO sync_scope (scope, last_seq) VALUES (p_scope, v_count)
    ON CONFLICT (scope) DO UPDATE SET last_seq = sync_scope.last_seq + excluded.last_seq
    RETURNING last_seq INTO v_scope_last;
  INSERT INTO change_log (scope, seq, tx_last_seq, table_name, pk, op, row, version)
    SELECT p_scope, v_scope_last - v_count + e.i, v_scope_last, 'visit', e.row->>'id', 'upsert', e.row, 1
    FROM jsonb_array_elements(p_rows) WITH ORDINALITY AS e(row, i);
  RETURN true;
END
$fn$`;
