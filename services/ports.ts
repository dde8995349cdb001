import { v7 as uuidv7 } from 'uuid';

/** The clock is a port so tests and the demo can pin time; nothing reads Date.now() directly. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can move. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export type IdGenerator = () => string;

/** UUIDv7: time-ordered, generated where the record is born. */
export const newId: IdGenerator = () => uuidv7();
