import { dateInZone, type IsoDate } from './dates.ts';

/**
 * The only source of "now" for domain code. Modules never call `Date.now()`: the clock arrives in
 * the context, so tests fix time and a replayed command sees the time it ran at.
 */
export interface Clock {
  now(): Date;
  /** Today's calendar date in the platform's time zone. */
  today(): IsoDate;
}

export function systemClock(timeZone = 'Asia/Shanghai'): Clock {
  return {
    now: () => new Date(),
    today: () => dateInZone(new Date(), timeZone),
  };
}

/** A clock stopped at one instant (tests, replays). `advance` moves it. */
export function fixedClock(at: string | Date, timeZone = 'Asia/Shanghai'): Clock & { advance(ms: number): void; set(at: string | Date): void } {
  let t = new Date(at).getTime();
  return {
    now: () => new Date(t),
    today: () => dateInZone(new Date(t), timeZone),
    advance(ms: number) {
      t += ms;
    },
    set(v: string | Date) {
      t = new Date(v).getTime();
    },
  };
}
