/** Child processes of the fault tests: a branch PC (branchProcess.ts) and the head-office CLI. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { BranchMessage, BranchSettings } from './branchProcess';

const ROOT = join(import.meta.dirname, '../..');

/** How long a child may take to start (tsx compiles on the fly; the machine is shared). */
export const CHILD_TIMEOUT_MS = 60_000;

export interface Child {
  proc: ChildProcess;
  exited: Promise<number | null>;
  /** SIGKILL and wait for the exit. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  terminate(): Promise<void>;
  output(): string;
}

function wrap(proc: ChildProcess): Child {
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = once(proc, 'exit').then(([code]) => code as number | null);
  const stop = async (signal: NodeJS.Signals) => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    await exited;
  };
  return { proc, exited, kill9: () => stop('SIGKILL'), terminate: () => stop('SIGTERM'), output: () => out };
}

export interface BranchChild extends Child {
  /** The error the process reported before it exited, if it failed. */
  failure: string | null;
  /** Resolves with the first message of this type; rejects if the process fails or exits first. */
  next<T extends BranchMessage['type']>(type: T): Promise<Extract<BranchMessage, { type: T }>>;
}

export function spawnBranch(settings: BranchSettings): BranchChild {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/chaos/branchProcess.ts')], {
    cwd: ROOT,
    env: { ...process.env, CHAOS_BRANCH: JSON.stringify(settings) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const child = { ...wrap(proc), failure: null as string | null };
  const seen: BranchMessage[] = [];
  const waiting: { type: string; resolve: (m: BranchMessage) => void; reject: (e: Error) => void }[] = [];
  const fail = (why: string) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${why}\n${child.output()}`));
  };
  proc.on('message', (m: BranchMessage) => {
    seen.push(m);
    if (m.type === 'failed') child.failure = m.message;
    if (m.type === 'failed') return fail(`branch process failed: ${m.message}`);
    for (const w of waiting.filter((x) => x.type === m.type)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(m);
    }
  });
  void child.exited.then((code) => fail(`branch process exited (${code ?? proc.signalCode})`));
  return Object.assign(child, {
    next<T extends BranchMessage['type']>(type: T): Promise<Extract<BranchMessage, { type: T }>> {
      const already = seen.find((m) => m.type === type);
      if (already) return Promise.resolve(already as never);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no '${type}' from the branch process within ${CHILD_TIMEOUT_MS} ms\n${child.output()}`)), CHILD_TIMEOUT_MS);
        waiting.push({
          type,
          resolve: (m) => (clearTimeout(timer), resolve(m as never)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
      });
    },
  });
}

export interface HeadOfficeChild extends Child {
  port: number;
}

/**
 * `headoffice/cli.ts serve` as its own process, on PGlite in `dataDir` or on PostgreSQL at
 * `databaseUrl`. Resolves once it listens.
 */
export async function spawnHeadOffice(o: { port: number; dataDir?: string; databaseUrl?: string }): Promise<HeadOfficeChild> {
  const args = ['--import', 'tsx', join(ROOT, 'headoffice/cli.ts'), 'serve', '--port', String(o.port), '--host', '127.0.0.1', ...(o.dataDir ? ['--data', o.dataDir] : [])];
  const env = { ...process.env, KIOSK_HQ_DATABASE_URL: o.databaseUrl ?? '' };
  const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const child = wrap(proc);
  const until = Date.now() + CHILD_TIMEOUT_MS;
  while (!child.output().includes('head office listening')) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`head office exited at start:\n${child.output()}`);
    if (Date.now() > until) {
      await child.kill9();
      throw new Error(`head office did not start within ${CHILD_TIMEOUT_MS} ms:\n${child.output()}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { ...child, port: o.port };
}
