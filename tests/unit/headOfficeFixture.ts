/** Test support: a real head office in this process (PGlite, on a 127.0.0.1 port) and the desks that sync with it. */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createBranch } from '../../headoffice/admin';
import { enrollDevice, issueEnrollmentCode } from '../../headoffice/auth/enrollment';
import { type HqDatabase, openHqDatabase } from '../../headoffice/db/open';
import { buildServer } from '../../headoffice/server';
import { TestDevice } from '../../headoffice/testing';
import { staticSecret } from '../../services/sync/signer';
import { SyncEngine, type SyncEngineOptions } from '../../services/sync/syncEngine';
import { SyncStateStore } from '../../services/sync/syncState';
import { openTempKiosk, type TempKiosk, type TempKioskOptions } from '../../services/testing/tempKiosk';

export interface HqBranch {
  id: string;
  code: string;
}

export interface HqRig {
  hq: HqDatabase;
  /** The server now listening (the last one, once stopped). */
  readonly app: FastifyInstance;
  /** The same for the rig's whole life: a restart listens on the same port. */
  readonly url: string;
  branch(code?: string, name?: string): Promise<HqBranch>;
  /** A device enrolled at the branch, driven by hand (signed app.inject requests). */
  device(branchId: string): Promise<TestDevice>;
  /** Stops listening, as when head office is unreachable; the database stays. */
  stop(): Promise<void>;
  /** Listens again on the same port with a fresh server (as after a restart); nothing to do while listening. */
  start(): Promise<string>;
  close(): Promise<void>;
}

export async function openHqRig(): Promise<HqRig> {
  const dir = mkdtempSync(join(tmpdir(), 'hq-rig-'));
  const hq = await openHqDatabase({ dataDir: dir });
  let app = buildServer(hq.db);
  let listening = false;
  let port = 0;
  async function start(): Promise<string> {
    if (!listening) {
      if (port !== 0) app = buildServer(hq.db);
      await app.listen({ host: '127.0.0.1', port });
      port = (app.server.address() as AddressInfo).port;
      listening = true;
    }
    return `http://127.0.0.1:${port}`;
  }
  async function stop(): Promise<void> {
    if (!listening) return;
    listening = false;
    await app.close();
  }
  const url = await start();
  return {
    hq,
    get app() {
      return app;
    },
    url,
    branch: (code, name) => createBranch(hq.db, { code: code ?? `T-${randomUUID().slice(0, 8)}`, name: name ?? '测试店' }),
    async device(branchId) {
      const { code } = await issueEnrollmentCode(hq.db, branchId);
      const e = (await enrollDevice(hq.db, code, 'desk'))!;
      return new TestDevice(app, e.deviceId, e.secret, e.branchId);
    },
    stop,
    start,
    async close() {
      if (listening) app.server.closeAllConnections(); // the kiosk's fetch keeps connections alive
      await stop();
      await hq.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface EnrolledKiosk {
  k: TempKiosk;
  hqBranchId: string;
  secret: Buffer;
  engine(options?: Partial<SyncEngineOptions>): SyncEngine;
  dispose(): Promise<void>;
}

/** A temp kiosk (demo data, its own local branch id) enrolled with the rig at `hqBranchId`. */
export async function enrolledKiosk(rig: HqRig, hqBranchId: string): Promise<EnrolledKiosk> {
  const k = await openTempKiosk({ syncDisabled: true });
  const { code } = await issueEnrollmentCode(rig.hq.db, hqBranchId);
  const e = (await enrollDevice(rig.hq.db, code, 'desk'))!;
  new SyncStateStore(k.ctx.kdb).saveEnrollment({ serverUrl: rig.url, deviceId: e.deviceId, branchId: e.branchId }, new Date());
  const engines: SyncEngine[] = [];
  return {
    k,
    hqBranchId,
    secret: Buffer.from(e.secret, 'base64'),
    engine(options = {}) {
      // Real time: head office checks signatures against its own clock.
      const engine = new SyncEngine({
        kdb: k.ctx.kdb, clock: { now: () => new Date() }, secret: staticSecret(Buffer.from(e.secret, 'base64')), localBranchId: k.ctx.desk.branchId, ...options,
      });
      engines.push(engine);
      return engine;
    },
    async dispose() {
      for (const engine of engines) await engine.stop();
      await k.dispose();
    },
  };
}

export interface HqSuiteOptions {
  /** The home branch's code and name (generated when left out). */
  home?: { code: string; name: string };
  /** More head-office data for the whole file, after the home branch. */
  seed?(rig: HqRig, home: HqBranch): Promise<void>;
  /** For beforeAll, seed included. */
  timeoutMs?: number;
}

/** The file's head office and home branch; filled in by beforeAll, so read the fields inside hooks and tests. */
export interface HqSuite {
  rig: HqRig;
  home: HqBranch;
}

/** Registers beforeAll/afterAll: one head office for the file, listening, with its home branch. */
export function hqSuite(options: HqSuiteOptions = {}): HqSuite {
  const suite = {} as HqSuite;
  beforeAll(async () => {
    suite.rig = await openHqRig();
    suite.home = await suite.rig.branch(options.home?.code, options.home?.name);
    await options.seed?.(suite.rig, suite.home);
  }, options.timeoutMs ?? 60_000);
  afterAll(async () => {
    await suite.rig?.close();
  }, 60_000);
  return suite;
}

export interface EnrolledKioskSuite extends HqSuite {
  kiosk: EnrolledKiosk;
}

/** hqSuite, and for each test a kiosk enrolled at the home branch by hand (no engine running until a test starts one). */
export function enrolledKioskSuite(options: HqSuiteOptions = {}): EnrolledKioskSuite {
  const suite = hqSuite(options) as EnrolledKioskSuite;
  beforeEach(async () => {
    suite.kiosk = await enrolledKiosk(suite.rig, suite.home.id);
  });
  afterEach(async () => {
    await suite.kiosk.dispose();
  });
  return suite;
}

export interface DeskSuite extends HqSuite {
  /** The desk, signed in as head office with its sync engine, not enrolled; a test may replace it. */
  k: TempKiosk;
}

/** hqSuite, and for each test head office listening (a fresh server) and a new desk that enrolls itself through its API. */
export function deskSuite(syncEngine: TempKioskOptions['syncEngine'], options: HqSuiteOptions = {}): DeskSuite {
  const suite = hqSuite(options) as DeskSuite;
  beforeEach(async () => {
    await suite.rig.start();
    suite.k = await openTempKiosk({ signedInAs: 'headoffice', syncEngine });
  });
  afterEach(async () => {
    await suite.k.dispose();
    await suite.rig.stop();
  });
  return suite;
}
