import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { HqInspection } from '../../../headoffice/inspect';

/**
 * A real head office for the browser e2e: `headoffice/cli.ts serve` as a child process on
 * embedded PGlite in a temp folder. Stopping it and starting it again on the same port and data
 * folder is how a spec takes the network away from the desk and gives it back.
 *
 * PGlite is one process's database: the admin commands (create-branch, issue-code, inspect) open
 * the data folder themselves, so they run only while the server is stopped.
 */
const root = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

function signal(group: number, name: NodeJS.Signals): void {
  try {
    process.kill(group, name);
  } catch {
    // the group is gone already
  }
}

/** Whether any process of the group is still running (signal 0 only checks). */
function groupAlive(group: number): boolean {
  try {
    process.kill(group, 0);
    return true;
  } catch {
    return false;
  }
}

export class HeadOffice {
  private child: ChildProcess | null = null;
  /** The server's output, for a failure message. */
  private log: string[] = [];

  private constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {}

  /** A head office on a free port with an empty temp data folder, not started yet. */
  static async create(): Promise<HeadOffice> {
    return new HeadOffice(await freePort(), mkdtempSync(join(tmpdir(), 'hq-e2e-')));
  }

  /** What the desk types as the head-office address. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts `serve` and resolves once it answers HTTP. */
  async start(): Promise<void> {
    if (this.child) return;
    // Its own process group: npx → tsx → node, all stopped together.
    const child = spawn('npx', ['tsx', 'headoffice/cli.ts', 'serve', '--port', String(this.port), '--host', '127.0.0.1', '--data', this.dataDir], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, KIOSK_HQ_DATABASE_URL: '' },
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.log.push(chunk.toString());
      if (this.log.length > 200) this.log.splice(0, this.log.length - 200);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const until = Date.now() + 60_000;
    while (!(await answers(`${this.url}/`))) {
      if (child.exitCode !== null) {
        this.child = null;
        throw new Error(`head office exited with ${child.exitCode}:\n${this.output()}`);
      }
      if (Date.now() > until) {
        await this.stop();
        throw new Error(`head office did not answer on ${this.url} within 60 s:\n${this.output()}`);
      }
      await sleep(200);
    }
  }

  /**
   * Stops the server (SIGTERM: it closes its database cleanly) and waits until every process of
   * its group has exited, so a restart never opens the data folder while the old one holds it.
   */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    this.child = null;
    const group = -child.pid;
    signal(group, 'SIGTERM');
    const until = Date.now() + 15_000;
    while (groupAlive(group)) {
      if (Date.now() > until) signal(group, 'SIGKILL');
      await sleep(100);
    }
  }

  /** `headoffice/cli.ts admin …` on this data folder (the server must be stopped). */
  async admin(...args: string[]): Promise<string> {
    if (this.child) throw new Error('stop the head office before running admin commands (PGlite is one process)');
    const { stdout } = await run('npx', ['tsx', 'headoffice/cli.ts', 'admin', ...args, '--data', this.dataDir], {
      cwd: root,
      env: { ...process.env, KIOSK_HQ_DATABASE_URL: '' },
      timeout: 60_000,
    });
    return stdout;
  }

  async createBranch(code: string, name: string): Promise<void> {
    await this.admin('create-branch', '--code', code, '--name', name);
  }

  /** A one-time enrollment code for the branch (XXXX-XXXX-XXXX). */
  async issueCode(branchCode: string): Promise<string> {
    const out = await this.admin('issue-code', '--branch', branchCode);
    const code = /\b([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\b/.exec(out)?.[1];
    if (!code) throw new Error(`no enrollment code in:\n${out}`);
    return code;
  }

  /** `inspect --json`, optionally for one branch. */
  async inspect(branchCode?: string): Promise<HqInspection> {
    const out = await this.admin('inspect', '--json', ...(branchCode ? ['--branch', branchCode] : []));
    return JSON.parse(out) as HqInspection;
  }

  /** The server's recent output. */
  output(): string {
    return this.log.join('');
  }

  /** Stops the server and deletes its data. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
