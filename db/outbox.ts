import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from './schema';

export interface OutboxMutation {
  mutationId: string;
  name: string;
  version: number;
  args: Record<string, unknown>;
  hlc: string;
  deviceTime: string;
}

/**
 * Enqueues a sync mutation. Takes a transaction, never a bare connection: the mutation must
 * commit or roll back together with the business row it describes.
 */
export async function enqueueMutation(trx: Transaction<DB>, clientId: string, m: OutboxMutation): Promise<void> {
  const args = JSON.stringify(m.args);
  await trx
    .insertInto('sync_outbox')
    .values({
      client_id: clientId,
      mutation_id: m.mutationId,
      name: m.name,
      version: m.version,
      args,
      args_hash: createHash('sha256').update(args).digest('hex'),
      hlc: m.hlc,
      device_time: m.deviceTime,
      last_error: null,
      result: null,
    })
    .execute();
}
