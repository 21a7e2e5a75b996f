import type { SchedulerTimers } from '../../app/export/engine-context';

/** A clock a test moves by hand: `now` for the engine, `timers` for its scheduler; `advance` fires what falls due. */
export interface ManualClock {
  now(): Date;
  timers: SchedulerTimers;
  /** Moves the clock on by `ms`, firing each timer that falls due, in order, at its own time. */
  advance(ms: number): void;
  /** Timers waiting, with when they fall due. */
  pending(): number[];
}

export function createManualClock(start = Date.now()): ManualClock {
  let t = start;
  let nextId = 1;
  const waiting = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => new Date(t),
    timers: {
      set(fn, ms) {
        const id = nextId++;
        waiting.set(id, { at: t + Math.max(0, ms), fn });
        return id;
      },
      clear(handle) {
        waiting.delete(handle as number);
      },
    },
    advance(ms) {
      const end = t + ms;
      for (;;) {
        const due = [...waiting.entries()].filter(([, w]) => w.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        waiting.delete(due[0]);
        t = Math.max(t, due[1].at);
        due[1].fn();
      }
      t = end;
    },
    pending: () => [...waiting.values()].map((w) => w.at).sort((a, b) => a - b),
  };
}
