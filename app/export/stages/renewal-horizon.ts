import type { EngineContext } from '../engine-context';

/**
 * The moment an object must still be valid at, to last until the run after next is likely to refresh it: now, plus
 * one schedule interval, plus half an interval (at least an hour) of slack for a late or long run. Keep-alive
 * re-sends what expires before it; a full update sends it rather than counting it as already current.
 */
export function renewalHorizon(ctx: Pick<EngineContext, 'now' | 'options'>): Date {
  const intervalMs = ctx.options.scheduleIntervalHours * 3600_000;
  return new Date(ctx.now().getTime() + intervalMs + Math.max(3600_000, intervalMs / 2));
}
