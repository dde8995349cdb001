import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { prepareInsert } from './prepared';

export interface OutboxMutation {
  mutationId: string;
  name: string;
  version: number;
  args: Record<string, unknown>;
  hlc: string;
  deviceTime: string;
}

/**
 * Prepares the outbox insert. Call the returned function only inside the `sqlite.transaction`
 * that writes the business row: the mutation commits or rolls back with the row it describes.
 */
export function prepareOutboxInsert(sqlite: Database.Database) {
  const insert = prepareInsert(sqlite, 'sync_outbox', ['client_id', 'mutation_id', 'name', 'version', 'args', 'args_hash', 'hlc', 'device_time']);
  return (clientId: string, m: OutboxMutation): void => {
    if (!sqlite.inTransaction) throw new Error('an outbox row must be written in the transaction of its business row');
    const args = JSON.stringify(m.args);
    insert({
      client_id: clientId,
      mutation_id: m.mutationId,
      name: m.name,
      version: m.version,
      args,
      args_hash: createHash('sha256').update(args).digest('hex'),
      hlc: m.hlc,
      device_time: m.deviceTime,
    });
  };
}
