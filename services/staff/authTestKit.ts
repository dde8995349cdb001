import type { StaffRole } from '../../core/staff/permissions';
import { AuditLog } from '../audit/auditLog';
import { newId } from '../ports';
import { openTempKiosk, type TempKiosk } from '../testing/tempKiosk';
import { StaffAuth, type StaffAuthDeps } from './staffAuth';

export interface AuditRow {
  actor_type: string;
  actor_id: string | null;
  action: string;
  entity_id: string | null;
  details: string;
}

/**
 * A demo kiosk on a real SQLite file with StaffAuth over it, for the staff tests, nobody signed
 * in and no PINs set. A second head-office account (王总) is added.
 */
export async function openAuthKiosk(options: Partial<Omit<StaffAuthDeps, 'kdb' | 'clock' | 'audit'>> = {}) {
  const kiosk: TempKiosk = await openTempKiosk({ signedInAs: null });
  const { sqlite } = kiosk.ctx.kdb;
  // These tests start from staff with no PIN yet (the demo's PINs would hide that path).
  sqlite.prepare('UPDATE staff SET pin_hash = NULL, pin_set_at = NULL').run();
  const clock = kiosk.clock;
  const audit = new AuditLog(sqlite, clock, newId);
  const branchId = kiosk.ctx.desk.branchId;
  sqlite.prepare("INSERT INTO staff (id, branch_id, name, role) VALUES (?, ?, '王总', 'headoffice')").run(newId(), branchId);
  const auth = new StaffAuth({ kdb: kiosk.ctx.kdb, clock, audit, ...options });

  const staffId = (name: string): string => {
    const id = sqlite.prepare('SELECT id FROM staff WHERE name = ?').pluck().get(name);
    if (typeof id !== 'string') throw new Error(`no staff ${name}`);
    return id;
  };
  const staffOfRole = (role: StaffRole): string => {
    const id = sqlite.prepare('SELECT id FROM staff WHERE role = ? ORDER BY name LIMIT 1').pluck().get(role);
    if (typeof id !== 'string') throw new Error(`no staff with role ${role}`);
    return id;
  };
  const staffRow = (id: string) =>
    sqlite.prepare('SELECT pin_hash, failed_attempts, locked_until, pin_set_at FROM staff WHERE id = ?').get(id) as {
      pin_hash: string | null;
      failed_attempts: number;
      locked_until: string | null;
      pin_set_at: string | null;
    };
  const auditRows = (action?: string): AuditRow[] =>
    (sqlite.prepare('SELECT actor_type, actor_id, action, entity_id, details FROM audit_log ORDER BY seq').all() as AuditRow[]).filter(
      (r) => action === undefined || r.action === action,
    );

  return { kiosk, clock, audit, auth, staffId, staffOfRole, staffRow, auditRows, dispose: () => kiosk.dispose() };
}

export type AuthKiosk = Awaited<ReturnType<typeof openAuthKiosk>>;
