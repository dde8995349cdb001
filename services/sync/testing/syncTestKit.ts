import { openTempKiosk, type TempKiosk, type TempKioskOptions } from '../../testing/tempKiosk';
import { staticSecret } from '../signer';
import { SyncEngine, type SyncEngineOptions } from '../syncEngine';
import { SyncStateStore } from '../syncState';
import { FakeHeadOffice } from './fakeHeadOffice';

export interface SyncRig {
  k: TempKiosk;
  hq: FakeHeadOffice;
  engine(options?: Partial<SyncEngineOptions>): SyncEngine;
  /** Queues `n` synthetic visit mutations in one transaction (as a busy week offline would). */
  writeVisits(n: number, extra?: Record<string, unknown>): void;
  outbox(): { seq: number; status: string; attempts: number; last_error: string | null; hlc: string; mutation_id: string }[];
  dispose(): Promise<void>;
}

/** A temp kiosk enrolled with a fake head office on a real 127.0.0.1 port. */
export async function openSyncRig(options: { skewMs?: number; kiosk?: TempKioskOptions } = {}): Promise<SyncRig> {
  const k = await openTempKiosk(options.kiosk);
  const hq = new FakeHeadOffice({ deviceId: k.ctx.desk.deviceId, now: () => k.clock.now().getTime() + (options.skewMs ?? 0) });
  await hq.start();
  new SyncStateStore(k.ctx.kdb).saveEnrollment({ serverUrl: hq.url, deviceId: k.ctx.desk.deviceId, branchId: k.ctx.desk.branchId }, k.clock.now());
  const engines: SyncEngine[] = [];
  return {
    k,
    hq,
    engine(extra = {}) {
      const e = new SyncEngine({ kdb: k.ctx.kdb, clock: k.clock, secret: staticSecret(hq.secret), offset: k.clockOffset, ...extra });
      engines.push(e);
      return e;
    },
    writeVisits(n, extra = {}) {
      k.ctx.kdb.sqlite.transaction(() => {
        for (let i = 0; i < n; i++) {
          k.ctx.outbox.write('visit.record', 1, { id: k.ctx.newId(), memberId: k.ctx.newId(), branchId: k.ctx.desk.branchId, n: i, admitted: true, ...extra });
        }
      })();
    },
    outbox() {
      return k.ctx.kdb.sqlite.prepare('SELECT seq, status, attempts, last_error, hlc, mutation_id FROM sync_outbox ORDER BY seq').all() as ReturnType<SyncRig['outbox']>;
    },
    async dispose() {
      for (const e of engines) await e.stop();
      await hq.stop();
      await k.dispose();
    },
  };
}

/** Polls `check` every 10 ms until it holds or `timeoutMs` passes. */
export async function waitFor(check: () => boolean, timeoutMs: number, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
