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
      return order.run('client', firstSeq, async () => {
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
    const a = order.run('a', 1, async () => {
      running.push('a');
      await g.done;
    });
    const b = order.run('b', 1, async () => {
      running.push('b');
      throw new Error('database down');
    });
    await expect(b).rejects.toThrow('database down');
    expect(running).toEqual(['a', 'b']);
    // b's client is free again at once.
    expect(await order.run('b', 1, async () => 'next')).toBe('next');
    g.finish();
    await a;
    expect(order.activeClients).toBe(0);
  });
});
