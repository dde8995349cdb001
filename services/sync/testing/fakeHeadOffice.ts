import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEVICE_HEADER,
  DROPPED_MUTATION_NAME,
  NONCE_HEADER,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  pushRequest,
  SIGNATURE_HEADER,
  SIGNATURE_WINDOW_MS,
  signingString,
  TIMESTAMP_HEADER,
  type MutationResult,
  type PushMutation,
  type SyncErrorBody,
} from '../../../core/sync/protocol';

interface Stored {
  mutationId: string;
  argsHash: string;
  name: string;
  result: MutationResult;
}

export interface FakeHeadOfficeOptions {
  deviceId: string;
  /** The server's clock, in ms (tests tie it to the kiosk's ManualClock, plus any skew). */
  now: () => number;
}

/**
 * A head office just big enough to test the push client against: a real HTTP server on
 * 127.0.0.1 that verifies signatures, applies mutations by seq exactly once (a resent seq gets its
 * stored result), and has fault switches. The real server lives in headoffice/.
 */
export class FakeHeadOffice {
  readonly secret = randomBytes(32);
  readonly stored = new Map<number, Stored>();
  /** How many times each mutation id was applied (must never exceed 1). */
  readonly applyCount = new Map<string, number>();
  /** Every push the server accepted, as the seqs it carried (200 answers only). */
  readonly batches: number[][] = [];
  /** Status codes answered, in order. */
  readonly statuses: number[] = [];
  lastSeq = 0;
  // Fault switches
  /** Answer 503 to every request. */
  down = false;
  /** Process this many pushes, then drop the connection instead of answering. */
  loseResponses = 0;
  /** Bodies larger than this get 413. */
  maxBodyBytes = Infinity;
  /** Mutations this returns true for are rejected (poison). */
  poison: (m: PushMutation) => boolean = () => false;
  /** Called after each committed batch, before the answer goes out. */
  onBatch: (seqs: number[]) => void = () => {};
  /** Answer the next requests with these instead of processing them. */
  readonly forced: { status: number; body: SyncErrorBody }[] = [];
  /** Asked with each valid push's seqs before it is processed: an answer to give instead, or null. */
  intercept: (seqs: number[]) => { status: number; body: SyncErrorBody } | null = () => null;
  /** Waits this long before answering each push (a busy head office), so a client can send ahead. */
  answerDelayMs = 0;
  /** Pushes received and not yet answered, now and at most. */
  inFlight = 0;
  maxInFlight = 0;

  private server: Server | null = null;
  private readonly nonces = new Set<string>();
  port = 0;

  constructor(private readonly o: FakeHeadOfficeOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening (connections are refused) but keeps its state and port, like a restart. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    try {
      await this.process(req, res);
    } finally {
      this.inFlight--;
    }
  }

  private async process(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const answer = (status: number, payload: unknown) => {
      this.statuses.push(status);
      res.writeHead(status, { 'content-type': 'application/json', date: new Date(this.o.now()).toUTCString() }).end(JSON.stringify(payload));
    };
    const error = (status: number, code: SyncErrorBody['code'], message: string, extra: Partial<SyncErrorBody> = {}) => answer(status, { code, message, ...extra });

    if (req.method !== 'POST' || req.url !== '/v1/push') return error(400, 'INVALID_REQUEST', 'no such route');
    const forced = this.forced.shift();
    if (forced) return answer(forced.status, forced.body);
    if (this.down) return error(503, 'UNAVAILABLE', 'head office database is down');
    if (body.length > this.maxBodyBytes) return error(413, 'TOO_LARGE', `body over ${this.maxBodyBytes} bytes`);
    if (req.headers[PROTOCOL_HEADER] !== String(PROTOCOL_VERSION)) {
      return error(426, 'VERSION_NOT_SUPPORTED', 'protocol not supported', { supported: { min: PROTOCOL_VERSION, max: PROTOCOL_VERSION } });
    }
    const auth = this.verify(req, body);
    if (auth) return error(401, 'UNAUTHENTICATED', auth);

    let parsedBody: unknown;
    try {
      parsedBody = JSON.parse(body.toString('utf8'));
    } catch {
      return error(400, 'INVALID_REQUEST', 'body is not JSON');
    }
    const parsed = pushRequest.safeParse(parsedBody);
    if (!parsed.success) return error(400, 'INVALID_REQUEST', parsed.error.message);
    if (this.answerDelayMs > 0) await new Promise((r) => setTimeout(r, this.answerDelayMs));
    const instead = this.intercept(parsed.data.mutations.map((m) => m.seq));
    if (instead) return answer(instead.status, instead.body);

    // One transaction per batch: work on copies, commit at the end.
    let lastSeq = this.lastSeq;
    const fresh = new Map<number, Stored>();
    const results: MutationResult[] = [];
    for (const m of parsed.data.mutations) {
      const known = this.stored.get(m.seq) ?? fresh.get(m.seq);
      if (m.seq <= lastSeq && known) {
        if (known.argsHash !== m.argsHash) return error(409, 'CLIENT_DIVERGED', `seq ${m.seq} was sent before with other arguments`);
        results.push(known.result);
        continue;
      }
      if (m.seq !== lastSeq + 1) return error(409, 'OUT_OF_ORDER', `expected seq ${lastSeq + 1}`, { expectedSeq: lastSeq + 1 });
      const hashOk = createHash('sha256').update(JSON.stringify(m.args)).digest('hex') === m.argsHash;
      let result: MutationResult;
      if (!hashOk) result = { seq: m.seq, mutationId: m.mutationId, status: 'rejected', error: { code: 'VALIDATION', message: 'args hash mismatch' } };
      else if (m.name === DROPPED_MUTATION_NAME) result = { seq: m.seq, mutationId: m.mutationId, status: 'rejected', error: { code: 'UNKNOWN_MUTATION', message: m.name } };
      else if (this.poison(m)) result = { seq: m.seq, mutationId: m.mutationId, status: 'rejected', error: { code: 'VALIDATION', message: 'poison mutation' } };
      else result = { seq: m.seq, mutationId: m.mutationId, status: 'applied' };
      fresh.set(m.seq, { mutationId: m.mutationId, argsHash: m.argsHash, name: m.name, result });
      results.push(result);
      lastSeq = m.seq; // a rejection still advances
    }
    for (const [seq, s] of fresh) {
      this.stored.set(seq, s);
      if (s.result.status === 'applied') this.applyCount.set(s.mutationId, (this.applyCount.get(s.mutationId) ?? 0) + 1);
    }
    this.lastSeq = lastSeq;
    this.batches.push(parsed.data.mutations.map((m) => m.seq));
    this.onBatch(parsed.data.mutations.map((m) => m.seq));
    if (this.loseResponses > 0) {
      this.loseResponses--;
      this.statuses.push(0);
      res.socket?.destroy();
      return;
    }
    answer(200, { results, lastSeq, serverTime: new Date(this.o.now()).toISOString() });
  }

  /** Null when the request is authentic; otherwise why not. */
  private verify(req: IncomingMessage, body: Buffer): string | null {
    const h = (name: string) => {
      const v = req.headers[name];
      return typeof v === 'string' ? v : '';
    };
    if (h(DEVICE_HEADER) !== this.o.deviceId) return 'unknown device';
    const ts = Number(h(TIMESTAMP_HEADER));
    if (!Number.isFinite(ts) || Math.abs(ts - this.o.now()) > SIGNATURE_WINDOW_MS) return 'timestamp outside the window';
    const nonce = h(NONCE_HEADER);
    if (!nonce || this.nonces.has(nonce)) return 'replayed nonce';
    const expected = createHmac('sha256', this.secret)
      .update(signingString(req.method ?? '', req.url ?? '', ts, nonce, createHash('sha256').update(body).digest('hex')))
      .digest();
    const given = Buffer.from(h(SIGNATURE_HEADER), 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad signature';
    this.nonces.add(nonce);
    return null;
  }
}
