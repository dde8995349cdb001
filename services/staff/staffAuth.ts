import { KioskError } from '../../core/contract/errors';
import { can, type Permission, type StaffRole } from '../../core/staff/permissions';
import { INACTIVITY_LOCK_MS, pinProblem } from '../../core/staff/pinPolicy';
import type { KioskDatabase } from '../../db/connection';
import type { AuditLog } from '../audit/auditLog';
import { newId as defaultNewId, type Clock, type IdGenerator } from '../ports';
import { PinCheck } from './pinCheck';
import { DEFAULT_PIN_HASH_PARAMS, hashPin, type PinHashParams } from './pinHash';
import { prepareStaffPinStore, type StaffPinStore } from './staffPinStore';

export interface StaffSession {
  id: string;
  staffId: string;
  name: string;
  role: StaffRole;
  signedInAt: string;
  lastActiveAt: string;
}

/** What the desk shows: nobody, someone locked out by inactivity (re-enter PIN), or a live session. */
export type DeskState =
  | { status: 'signedOut' }
  | { status: 'locked'; staffId: string; name: string; role: StaffRole; lockedAt: string }
  | { status: 'active'; session: StaffSession };

export type SignInFailure = 'unknown_staff' | 'wrong_pin' | 'locked' | 'no_pin';
export type SignInResult =
  | { ok: true; session: StaffSession }
  | { ok: false; reason: SignInFailure; retryAt?: string; attemptsLeftBeforeLock?: number };

export interface StaffAuthDeps {
  kdb: KioskDatabase;
  clock: Clock;
  audit: AuditLog;
  newId?: IdGenerator;
  inactivityLockMs?: number;
  /** Cost of new hashes; existing ones are upgraded to it at the next successful sign-in. */
  hashParams?: Readonly<PinHashParams>;
  /** Called after every change of the desk state (sign-in, lock, sign-out), for the desk's screen. */
  onChange?: (state: DeskState) => void;
}

/**
 * Staff sign-in at the desk PC (SECURITY.md "Staff and access"): PINs, failed-attempt lockout,
 * one desk session at a time, inactivity lock, and the permission check services run before
 * acting. Lives in the main process; the renderer only ever sees the outcome.
 *
 * Sign-in attempts and PIN changes run one at a time: the lockout check happens before the slow
 * hash, so attempts running side by side would all pass it and the counter would stop throttling.
 */
export class StaffAuth {
  private readonly store: StaffPinStore;
  private readonly newId: IdGenerator;
  private readonly inactivityLockMs: number;
  private readonly hashParams: Readonly<PinHashParams>;
  private readonly pins: PinCheck;
  private session: StaffSession | null = null;
  private lockedAt: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: StaffAuthDeps) {
    this.store = prepareStaffPinStore(deps.kdb);
    this.newId = deps.newId ?? defaultNewId;
    this.inactivityLockMs = deps.inactivityLockMs ?? INACTIVITY_LOCK_MS;
    this.hashParams = deps.hashParams ?? DEFAULT_PIN_HASH_PARAMS;
    this.pins = new PinCheck({ store: this.store, audit: deps.audit, clock: deps.clock, kdb: deps.kdb, hashParams: this.hashParams });
  }

  /**
   * Sets a staff member's PIN and clears any lockout. `byStaffId` is who does it: the staff
   * member themselves, someone holding staff.manage, or null for the system (provisioning from
   * head office, first-run setup) — the caller vouches for a null.
   */
  async setPin(staffId: string, pin: string, byStaffId: string | null): Promise<void> {
    const problem = pinProblem(pin);
    if (problem) {
      // The message and issue name the rule only; the PIN never reaches an error or a log.
      throw new KioskError('INVALID_INPUT', 'PIN refused', [{ path: 'pin', message: problem === 'format' ? 'must be 6 digits' : 'too easy to guess' }]);
    }
    return this.serialize(async () => {
      const target = this.store.byId.get(staffId);
      if (!target || target.active !== 1) throw new KioskError('NOT_FOUND', 'staff member not found');
      if (byStaffId !== null && byStaffId !== staffId) {
        const actor = this.store.byId.get(byStaffId);
        if (!actor || actor.active !== 1 || !can(actor.role, 'staff.manage')) throw new KioskError('FORBIDDEN', 'setting another staff member’s PIN needs staff.manage');
      }
      const pinHash = await hashPin(pin, this.hashParams);
      this.deps.kdb.sqlite.transaction(() => {
        this.store.setPin.get(staffId, pinHash, this.nowIso());
        this.deps.audit.append({
          actorType: byStaffId === null ? 'system' : 'staff',
          actorId: byStaffId,
          action: 'staff.setPin',
          entity: 'staff',
          entityId: staffId,
          details: { self: byStaffId === staffId },
        });
      })();
    });
  }

  async signIn(staffId: string, pin: string): Promise<SignInResult> {
    // Refused before any lookup, so it says nothing about the staff id; no PIN can look like this.
    if (pinProblem(pin) === 'format') throw new KioskError('INVALID_INPUT', 'PIN must be 6 digits', [{ path: 'pin', message: 'must be 6 digits' }]);
    return this.serialize(() => this.attempt(staffId, pin));
  }

  private async attempt(staffId: string, pin: string): Promise<SignInResult> {
    const checked = await this.pins.check(staffId, pin);
    if (!checked.ok) return checked;
    return { ok: true, session: this.open(checked.row, checked.upgraded) };
  }

  /**
   * A second staff member vouches for one action with their PIN (a manager admitting a denied
   * member while reception holds the desk). Same lockout as sign-in; the desk session is
   * unchanged. Returns who approved, or throws FORBIDDEN without saying which check failed
   * beyond the sign-in reason.
   */
  async approve(staffId: string, pin: string, permission: Permission, action: string): Promise<{ staffId: string; name: string; role: StaffRole }> {
    if (pinProblem(pin) === 'format') throw new KioskError('INVALID_INPUT', 'PIN must be 6 digits', [{ path: 'approver.pin', message: 'must be 6 digits' }]);
    return this.serialize(async () => {
      const checked = await this.pins.check(staffId, pin);
      if (!checked.ok) {
        throw new KioskError('FORBIDDEN', `approval refused (${checked.reason})`, [
          { path: 'approver.pin', message: checked.reason },
          ...(checked.retryAt ? [{ path: 'approver.retryAt', message: checked.retryAt }] : []),
        ]);
      }
      const { row } = checked;
      if (!can(row.role, permission)) {
        this.deps.audit.append({ actorType: 'staff', actorId: row.id, action: 'staff.approveRefused', entity: 'staff', entityId: row.id, details: { permission, action } });
        throw new KioskError('FORBIDDEN', `the ${row.role} role may not approve ${permission}`, [{ path: 'approver.staffId', message: 'role' }]);
      }
      this.deps.kdb.sqlite.transaction(() => {
        this.store.recordSuccess.get(row.id);
        if (checked.upgraded !== null) this.store.upgradeHash.get(row.id, checked.upgraded);
        this.deps.audit.append({ actorType: 'staff', actorId: row.id, action: 'staff.approve', entity: 'staff', entityId: row.id, details: { permission, action } });
      })();
      return { staffId: row.id, name: row.name, role: row.role };
    });
  }

  /**
   * The signed-in staff member proves it is them (changing their own PIN at an unlocked desk
   * someone else may be standing at). Same lockout as sign-in; throws FORBIDDEN on failure.
   */
  async confirmOwnPin(staffId: string, pin: string): Promise<void> {
    if (pinProblem(pin) === 'format') throw new KioskError('INVALID_INPUT', 'PIN must be 6 digits', [{ path: 'currentPin', message: 'must be 6 digits' }]);
    return this.serialize(async () => {
      const checked = await this.pins.check(staffId, pin);
      if (!checked.ok) {
        throw new KioskError('FORBIDDEN', `current PIN refused (${checked.reason})`, [
          { path: 'currentPin', message: checked.reason },
          ...(checked.retryAt ? [{ path: 'currentPin.retryAt', message: checked.retryAt }] : []),
        ]);
      }
      this.store.recordSuccess.get(staffId);
    });
  }

  private open(row: { id: string; name: string; role: StaffRole }, upgradedHash: string | null): StaffSession {
    const nowIso = this.nowIso();
    const session: StaffSession = { id: this.newId(), staffId: row.id, name: row.name, role: row.role, signedInAt: nowIso, lastActiveAt: nowIso };
    this.deps.kdb.sqlite.transaction(() => {
      this.store.recordSuccess.get(row.id);
      if (upgradedHash !== null) this.store.upgradeHash.get(row.id, upgradedHash);
      if (this.session) this.auditSessionEnd('replaced');
      this.deps.audit.append({
        actorType: 'staff',
        actorId: row.id,
        action: 'staff.signIn',
        entity: 'staff',
        entityId: row.id,
        details: { sessionId: session.id, rehashed: upgradedHash !== null },
      });
    })();
    this.session = session;
    this.lockedAt = null;
    this.changed();
    return { ...session };
  }

  /** Staff activity at the desk (a key press, a click) keeps the session open; false if it is not. */
  touch(sessionId: string): boolean {
    const now = this.deps.clock.now();
    this.lockIfIdle(now);
    if (!this.session || this.lockedAt !== null || this.session.id !== sessionId) return false;
    this.session.lastActiveAt = now.toISOString();
    return true;
  }

  /** Locks the desk if the session has been idle for inactivityLockMs; true if it locked now. */
  lockIfIdle(now: Date = this.deps.clock.now()): boolean {
    if (!this.session || this.lockedAt !== null) return false;
    const idleMs = now.getTime() - Date.parse(this.session.lastActiveAt);
    if (idleMs < this.inactivityLockMs) return false;
    this.lockWith(now, 'idle', idleMs);
    return true;
  }

  /** Locks the desk at once (staff stepping away); the same or another staff signs in to resume. */
  lock(): void {
    if (this.session && this.lockedAt === null) this.lockWith(this.deps.clock.now(), 'manual', null);
  }

  private lockWith(now: Date, reason: 'idle' | 'manual', idleMs: number | null): void {
    const session = this.session!;
    this.deps.audit.append({
      actorType: 'staff',
      actorId: session.staffId,
      action: 'staff.deskLock',
      entity: 'staff',
      entityId: session.staffId,
      // Seconds, not ms: the audit guard refuses 11-digit numbers that look like a mobile number,
      // and a desk left signed in for months (or a clock jump) would reach that in ms.
      details: { sessionId: session.id, reason, idleSeconds: idleMs === null ? null : Math.floor(idleMs / 1000) },
    });
    this.lockedAt = now.toISOString();
    this.changed();
  }

  signOut(): void {
    if (!this.session) return;
    this.auditSessionEnd(this.lockedAt === null ? 'signOut' : 'signOutWhileLocked');
    this.session = null;
    this.lockedAt = null;
    this.changed();
  }

  /** The live session, or null when nobody is signed in or the desk is locked. */
  current(): StaffSession | null {
    const state = this.deskState();
    return state.status === 'active' ? state.session : null;
  }

  /**
   * Observing an idle session locks it (and records the lock) here, so the lock holds even if
   * no timer called lockIfIdle in time.
   */
  deskState(): DeskState {
    this.lockIfIdle();
    if (!this.session) return { status: 'signedOut' };
    const { staffId, name, role } = this.session;
    if (this.lockedAt !== null) return { status: 'locked', staffId, name, role, lockedAt: this.lockedAt };
    return { status: 'active', session: { ...this.session } };
  }

  /**
   * The guard every staff action runs first. It does not count as activity: a member tapping a
   * card must not keep an unattended desk unlocked; the caller touches for staff input.
   */
  require(permission: Permission): StaffSession {
    const state = this.deskState();
    if (state.status === 'signedOut') throw new KioskError('NO_STAFF_ON_DUTY', 'no staff member is signed in at this desk');
    if (state.status === 'locked') throw new KioskError('NO_STAFF_ON_DUTY', 'the desk is locked: sign in with a PIN to continue');
    if (!can(state.session.role, permission)) throw new KioskError('FORBIDDEN', `the ${state.session.role} role may not do ${permission}`);
    return state.session;
  }

  /**
   * The guard of what members start at the desk (a card tap): a signed-in staff member is on duty
   * even while the desk is locked, so a queue at 6 a.m. is never refused because nobody touched
   * the screen; the visit records that staff member. Nobody signed in: refused.
   */
  onDuty(permission: Permission): { staffId: string; role: StaffRole } {
    this.lockIfIdle();
    if (!this.session) throw new KioskError('NO_STAFF_ON_DUTY', 'no staff member is signed in at this desk');
    if (!can(this.session.role, permission)) throw new KioskError('FORBIDDEN', `the ${this.session.role} role may not do ${permission}`);
    return { staffId: this.session.staffId, role: this.session.role };
  }

  /** The staff member holding the desk (session active or locked), or null. */
  onDutyStaffId(): string | null {
    return this.session?.staffId ?? null;
  }

  private changed(): void {
    if (this.deps.onChange) this.deps.onChange(this.deskState());
  }

  private auditSessionEnd(reason: 'signOut' | 'signOutWhileLocked' | 'replaced'): void {
    const session = this.session!;
    this.deps.audit.append({
      actorType: 'staff',
      actorId: session.staffId,
      action: 'staff.signOut',
      entity: 'staff',
      entityId: session.staffId,
      details: { sessionId: session.id, reason },
    });
  }

  private nowIso(): string {
    return this.deps.clock.now().toISOString();
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
