import type { KioskDatabase } from '../../db/connection';
import type { AuditLog } from '../audit/auditLog';
import type { Clock } from '../ports';
import { attemptsLeftBeforeLock, nextLockout } from '../../core/staff/pinPolicy';
import type { StaffRole } from '../../core/staff/permissions';
import { dummyPinHash, hashPin, needsRehash, verifyPin, type PinHashParams } from './pinHash';
import type { SignInFailure, SignInResult } from './staffAuth';
import type { StaffPinStore } from './staffPinStore';

interface PinCheckDeps {
  kdb: KioskDatabase;
  store: StaffPinStore;
  audit: AuditLog;
  clock: Clock;
  hashParams: Readonly<PinHashParams>;
}

/**
 * One staff member's PIN against the stored hash, with the lockout counter and the audit rows of
 * failures: the check behind sign-in, a manager's approval and an own-PIN change. Callers run it
 * one at a time (StaffAuth serialises), since the lockout is read before the slow hash.
 */
export class PinCheck {
  private readonly dummyHash: string;

  constructor(private readonly deps: PinCheckDeps) {
    this.dummyHash = dummyPinHash(deps.hashParams);
  }

  /** The PIN check shared by sign-in and approval: lockout, unknown staff, missing PIN, counter. */
  async check(
    staffId: string,
    pin: string,
  ): Promise<{ ok: true; row: { id: string; name: string; role: StaffRole }; upgraded: string | null } | Extract<SignInResult, { ok: false }>> {
    const row = this.deps.store.byId.get(staffId);
    if (!row || row.active !== 1) {
      await verifyPin(pin, this.dummyHash);
      // actorId null: the typed id is not a staff id, and may be anything at all.
      this.auditFailure(null, 'unknown_staff');
      return { ok: false, reason: 'unknown_staff' };
    }
    if (row.locked_until !== null && Date.parse(row.locked_until) > this.deps.clock.now().getTime()) {
      // No PIN check and no counter change: a lockout must not be extended (or probed) by typing.
      this.auditFailure(row.id, 'locked');
      return { ok: false, reason: 'locked', retryAt: row.locked_until };
    }
    if (row.pin_hash === null) {
      await verifyPin(pin, this.dummyHash);
      this.auditFailure(row.id, 'no_pin');
      return { ok: false, reason: 'no_pin' };
    }
    if (!(await verifyPin(pin, row.pin_hash))) {
      const failed = this.recordWrongPin(row.id);
      if (failed.ok) throw new Error('unreachable');
      return failed;
    }
    const upgraded = needsRehash(row.pin_hash, this.deps.hashParams) ? await hashPin(pin, this.deps.hashParams) : null;
    return { ok: true, row, upgraded };
  }

  private recordWrongPin(staffId: string): SignInResult {
    const now = this.deps.clock.now();
    return this.deps.kdb.sqlite.transaction((): SignInResult => {
      // Re-read inside the transaction: the count written is always the stored one plus one.
      // It is not reset when a lock expires, so past the threshold every failure locks again,
      // for longer; only a correct PIN or a new PIN clears it.
      const failed = (this.deps.store.byId.get(staffId)?.failed_attempts ?? 0) + 1;
      const lockMs = nextLockout(failed);
      const retryAt = lockMs > 0 ? new Date(now.getTime() + lockMs).toISOString() : null;
      this.deps.store.recordFailure.get(staffId, failed, retryAt);
      this.auditFailure(staffId, 'wrong_pin', failed);
      if (retryAt !== null) {
        this.deps.audit.append({ actorType: 'staff', actorId: staffId, action: 'staff.lockout', entity: 'staff', entityId: staffId, details: { failedAttempts: failed, lockMs } });
      }
      return { ok: false, reason: 'wrong_pin', attemptsLeftBeforeLock: attemptsLeftBeforeLock(failed), ...(retryAt ? { retryAt } : {}) };
    })();
  }

  private auditFailure(staffId: string | null, reason: SignInFailure, failedAttempts: number | null = null): void {
    this.deps.audit.append({
      actorType: 'staff',
      actorId: staffId,
      action: 'staff.signInFailed',
      entity: 'staff',
      entityId: staffId,
      details: { reason, failedAttempts },
    });
  }

}
