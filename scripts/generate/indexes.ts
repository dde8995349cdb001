import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Progress } from './bulk';

export interface DeferredIndex {
  name: string;
  /** The CREATE statement exactly as the migration stored it in sqlite_master. */
  sql: string;
  /** Rows of its table, for the progress estimate. */
  rows: number;
}

/** Index-build work in progress units per indexed row (measured: a sort is ~4x cheaper than an insert). */
export const INDEX_WORK_PER_ROW = 0.3;

// Plain CommonJS run as an eval'd worker: no TypeScript loader needed inside the worker.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = OFF');
db.pragma('cache_size = -1048576');
db.pragma('threads = 2');
for (const index of workerData.indexes) {
  db.exec(index.sql);
  parentPort.postMessage(index.name);
}
db.close();
`;

/**
 * Re-creates the deferred indexes on a second connection in a worker thread. A CREATE INDEX
 * over ten million rows blocks its thread for many seconds; running it off the main thread
 * keeps the progress line ticking. The main connection must be idle (no open transaction).
 */
export function buildIndexes(path: string, indexes: readonly DeferredIndex[], progress: Progress): Promise<void> {
  if (indexes.length === 0) return Promise.resolve();
  const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve, reject) => {
    let next = 0;
    const begin = () => {
      const index = indexes[next];
      if (index) progress.startPhase(`index ${index.name} (${index.rows.toLocaleString('en')} rows)`);
    };
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, betterSqlite3, indexes } });
    const ticker = setInterval(() => progress.advance(0, 0), 500);
    const finish = (error?: Error) => {
      clearInterval(ticker);
      if (error) reject(error);
      else resolve();
    };
    begin();
    worker.on('message', () => {
      const done = indexes[next++];
      if (done) progress.advance(done.rows, done.rows * INDEX_WORK_PER_ROW);
      begin();
    });
    worker.on('error', finish);
    worker.on('exit', (code) => {
      if (next < indexes.length) finish(new Error(`index worker exited (code ${code}) after ${next} of ${indexes.length} indexes`));
      else finish();
    });
  });
}
