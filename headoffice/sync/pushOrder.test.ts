import { describe, expect, it } from 'vitest';
import { PushOrder } from './pushOrder';

/** A push that runs until `finish` is called, recording when it started. */
function gate() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { done, finish };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('pushes of one client, one at a time and lowest seq first', () => {
  it('runs a later push only when the one before it is done, and the lowest waiting first seq next', async () => {
    const order = new PushOrder();
    const started: number[] = [];
    const gates = new Map<number, ReturnType<typeof gate>>();
    const push = (firstSeq: number) => {
      const g = gate();
      gates.set(firstSeq, g);
      return order.enter('client', firstSeq).run(async () => {
        started.push(firstSeq);
        await g.done;
        return firstSeq;
      });
    };
    const first = push(1);
    // Arrive out of order while the first is running.
    const third = push(201);
    const second = push(101);
    await tick();
    expect(started).toEqual([1]);
    gates.get(1)!.finish();
    expect(await first).toBe(1);
    await tick();
    expect(started).toEqual([1, 101]);
    gates.get(101)!.finish();
    gates.get(201)!.finish();
    expect(await Promise.all([second, third])).toEqual([101, 201]);
    expect(started).toEqual([1, 101, 201]);
    expect(order.activeClients).toBe(0);
  });

  it('lets different clients run together, and a failed push free its client', async () => {
    const order = new PushOrder();
    const running: string[] = [];
    const g = gate();
    const a = order.enter('a', 1).run(async () => {
      running.push('a');
      await g.done;
    });
    const b = order.enter('b', 1).run(async () => {
      running.push('b');
      throw new Error('database down');
    });
    await expect(b).rejects.toThrow('database down');
    expect(running).toEqual(['a', 'b']);
    // b's client is free again at once.
    expect(await order.enter('b', 1).run(async () => 'next')).toBe('next');
    g.finish();
    await a;
    expect(order.activeClients).toBe(0);
  });
});

describe('a push waits for a lower one of its client that has entered but is not ready', () => {
  it('runs the lower one first even when the higher one is ready first', async () => {
    const order = new PushOrder();
    const started: number[] = [];
    const lower = order.enter('client', 501);
    const higher = order.enter('client', 1001);
    // The higher one's early work ends first; the lower one's is still running.
    const h = higher.run(async () => void started.push(1001));
    await tick();
    expect(started).toEqual([]);
    const l = lower.run(async () => void started.push(501));
    await Promise.all([h, l]);
    expect(started).toEqual([501, 1001]);
    expect(order.activeClients).toBe(0);
  });

  it('lets the higher one go when the lower one leaves without its turn (its request failed)', async () => {
    const order = new PushOrder();
    const lower = order.enter('client', 501);
    const higher = order.enter('client', 1001);
    const h = higher.run(async () => 'ran');
    await tick();
    lower.leave();
    expect(await h).toBe('ran');
    expect(order.activeClients).toBe(0);
  });

  it('waits no longer than its patience for a lower one stuck in its early work', async () => {
    const order = new PushOrder(20);
    const lower = order.enter('client', 501);
    const t0 = performance.now();
    expect(await order.enter('client', 1001).run(async () => 'ran')).toBe('ran');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(15);
    // The lower one still gets its turn afterwards.
    expect(await lower.run(async () => 'lower')).toBe('lower');
    lower.leave();
    expect(order.activeClients).toBe(0);
  });
});
