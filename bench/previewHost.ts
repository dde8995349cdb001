import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './lib';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Builds the renderer when out/renderer is missing. An existing build is used as it is: run
 * `npm run build` first to measure the current renderer sources.
 */
export function ensureRendererBuilt(): void {
  if (existsSync(join(ROOT, 'out/renderer/index.html'))) return;
  process.stderr.write('[bench] out/renderer is missing: running `npx electron-vite build`…\n');
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0 || !existsSync(join(ROOT, 'out/renderer/index.html'))) {
    throw new Error('`npx electron-vite build` failed: the renderer could not be built');
  }
}

export interface RunningHost {
  url: string;
  stop(): Promise<void>;
}

/**
 * The web preview host (tests/host/start.ts) as a child process on `dbPath`, its clock running
 * from `clockIso`. Resolves once it prints its URL; stop() ends it and waits, so the database
 * is closed (WAL checkpointed) before the caller touches the file again.
 */
export async function startPreviewHost(dbPath: string, port: number, clockIso: string): Promise<RunningHost> {
  // node --import tsx, not the tsx CLI: one process, so our SIGTERM reaches the host itself.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'tests/host/start.ts', '--port', String(port), '--db', dbPath, '--clock', clockIso], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`preview host did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Kiosk web preview on (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`preview host exited (code ${code}) before listening:\n${output}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
