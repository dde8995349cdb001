/**
 * A small HTTP proxy between a branch and head office that injects network faults (SYNC.md
 * "Faults the tests must inject", 2–4). Each request gets a fate from `decide`; counters record
 * what was really done, so a test can prove the fault it meant to inject happened.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fate =
  | { kind: 'pass' }
  /** The request never reaches head office: the connection is cut after it was read. */
  | { kind: 'dropRequest' }
  /** Head office processes the request; its answer is lost on the way back. */
  | { kind: 'dropResponse' }
  /**
   * Sent to head office twice. By default a late copy follows the answered original and the
   * branch gets the original's answer; with `answer: 'second'` the copy leaves at once (a
   * retrying middlebox that gave up on the original) and the branch gets the copy's answer.
   */
  | { kind: 'duplicate'; answer?: 'first' | 'second' }
  /** Refused by the proxy with 413 TOO_LARGE, as a reverse proxy with a small body limit does. */
  | { kind: 'tooLarge' }
  /** Held before forwarding. */
  | { kind: 'delay'; ms: number }
  /**
   * Forwarded; head office's complete answer is held until `release()` resolves, then sent, or
   * cut when it resolves to false (the branch was killed meanwhile, or the answer is to be lost).
   */
  | { kind: 'hold'; release: (answer: Answer) => Promise<boolean> };

export interface ProxiedRequest {
  method: string;
  path: string;
  /** 1-based count of requests to this path so far. */
  nth: number;
  body: Buffer;
}

export interface Answer {
  status: number;
  body: Buffer;
}

export interface FaultCounters {
  requests: number;
  passed: number;
  droppedRequests: number;
  droppedResponses: number;
  duplicated: number;
  delayed: number;
  held: number;
  tooLarge: number;
  refusedInPartition: number;
  upstreamErrors: number;
  /** Status of every answer head office gave to a forwarded request (duplicates included). */
  upstreamStatuses: number[];
}

export interface FaultProxy {
  url: string;
  port: number;
  counters: FaultCounters;
  /** Decides every request's fate; default: pass. */
  decide: (req: ProxiedRequest) => Fate;
  /** While partitioned, every connection is cut as soon as it opens; heals after `forAttempts` cut connections when given. */
  partition(forAttempts?: number): void;
  /** Called at each connection cut by a partition, before it is cut (what the branch had recorded by then). */
  onPartitionCut?: () => void;
  heal(): void;
  readonly partitioned: boolean;
  /** Points the proxy at another head-office port (a restarted server). */
  setUpstream(port: number): void;
  close(): Promise<void>;
}

function newCounters(): FaultCounters {
  return { requests: 0, passed: 0, droppedRequests: 0, droppedResponses: 0, duplicated: 0, delayed: 0, held: 0, tooLarge: 0, refusedInPartition: 0, upstreamErrors: 0, upstreamStatuses: [] };
}

const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length']);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface Upstream extends Answer {
  headers: Record<string, string | string[] | undefined>;
}

function forward(port: number, req: IncomingMessage, body: Buffer): Promise<Upstream> {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_HEADERS.has(k)) headers[k] = v;
  headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const up = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    up.on('error', reject);
    up.end(body);
  });
}

function reply(res: ServerResponse, up: Upstream): void {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && !HOP_HEADERS.has(k)) headers[k] = v;
  res.writeHead(up.status, { ...headers, 'content-length': String(up.body.length), connection: 'close' });
  res.end(up.body);
}

/** Starts the proxy on 127.0.0.1 (a free port) in front of head office on `upstreamPort`. */
export async function startFaultProxy(upstreamPort: number): Promise<FaultProxy> {
  let upstream = upstreamPort;
  let partitioned = false;
  let healAfter = Infinity;
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const proxy: FaultProxy = {
    url: '',
    port: 0,
    counters: newCounters(),
    decide: () => ({ kind: 'pass' }),
    partition(forAttempts) {
      partitioned = true;
      healAfter = proxy.counters.refusedInPartition + (forAttempts ?? Infinity);
    },
    heal() {
      partitioned = false;
      healAfter = Infinity;
    },
    get partitioned() {
      return partitioned;
    },
    setUpstream(port) {
      upstream = port;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const c = proxy.counters;
    const body = await readBody(req);
    const path = (req.url ?? '/').split('?')[0]!;
    const nth = (counts.get(path) ?? 0) + 1;
    counts.set(path, nth);
    c.requests++;
    const fate = proxy.decide({ method: req.method ?? 'GET', path, nth, body });
    const cut = (): void => {
      res.socket?.destroy();
    };
    const call = async (): Promise<Upstream | null> => {
      try {
        const up = await forward(upstream, req, body);
        c.upstreamStatuses.push(up.status);
        return up;
      } catch {
        c.upstreamErrors++;
        return null;
      }
    };
    switch (fate.kind) {
      case 'dropRequest':
        c.droppedRequests++;
        return cut();
      case 'dropResponse': {
        await call();
        c.droppedResponses++;
        return cut();
      }
      case 'duplicate': {
        c.duplicated++;
        if (fate.answer === 'second') {
          const first = call();
          await new Promise((r) => setTimeout(r, 1)); // the retry leaves just after the original
          const [, second] = await Promise.all([first, call()]);
          return second ? reply(res, second) : cut();
        }
        // A late copy: it reaches head office after the original was answered.
        const original = await call();
        await call();
        return original ? reply(res, original) : cut();
      }
      case 'tooLarge': {
        c.tooLarge++;
        const body = Buffer.from(JSON.stringify({ code: 'TOO_LARGE', message: 'request body too large' }));
        res.writeHead(413, { 'content-type': 'application/json', 'content-length': String(body.length), connection: 'close' });
        res.end(body);
        return;
      }
      case 'delay':
        c.delayed++;
        await new Promise((r) => setTimeout(r, fate.ms));
        break;
      case 'hold': {
        const up = await call();
        if (!up) return cut();
        c.held++;
        return (await fate.release({ status: up.status, body: up.body })) ? reply(res, up) : cut();
      }
      case 'pass':
        break;
    }
    const up = await call();
    if (!up) return cut();
    c.passed++;
    reply(res, up);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.socket?.destroy());
  });
  server.on('connection', (socket: Socket) => {
    if (partitioned) {
      proxy.onPartitionCut?.();
      proxy.counters.refusedInPartition++;
      if (proxy.counters.refusedInPartition >= healAfter) proxy.heal();
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = (server.address() as AddressInfo).port;
  proxy.url = `http://127.0.0.1:${proxy.port}`;
  return proxy;
}
