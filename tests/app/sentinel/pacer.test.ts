import { createPacer } from '../../../app/sentinel/pacer';

// The pacer on a fake clock: exact grant times, so "never over the limit" and "no capacity wasted" are both exact.
beforeEach(() => jest.useFakeTimers({ now: 0 }));
afterEach(() => jest.useRealTimers());

async function grantTimes(count: number, pacer: ReturnType<typeof createPacer>, settleAfterMs?: number): Promise<number[]> {
  const times: number[] = [];
  const all = Array.from({ length: count }, () =>
    pacer.acquire().then((settle) => {
      times.push(Date.now());
      if (settleAfterMs !== undefined) setTimeout(settle, settleAfterMs);
    }),
  );
  for (let i = 0; i < 100 && times.length < count; i++) await jest.advanceTimersByTimeAsync(50);
  await Promise.all(all);
  return times;
}

describe('createPacer', () => {
  it('grants the limit at once, then each next request the moment the oldest grant leaves the window', async () => {
    const pacer = createPacer({ maxRequests: 3, windowMs: 1000, marginMs: 0 });
    expect(await grantTimes(7, pacer)).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('adds its margin to the window', async () => {
    const pacer = createPacer({ maxRequests: 2, windowMs: 1000, marginMs: 100 });
    expect(await grantTimes(4, pacer)).toEqual([0, 0, 1100, 1100]);
  });

  it('counts a request from its answer once settled, so a slow answer cannot let the next one in early', async () => {
    const pacer = createPacer({ maxRequests: 2, windowMs: 1000, marginMs: 0 });
    expect(await grantTimes(4, pacer, 300)).toEqual([0, 0, 1300, 1300]);
  });

  it('holds everything until a pause (after a 429) ends', async () => {
    const pacer = createPacer({ maxRequests: 5, windowMs: 1000, marginMs: 0 });
    pacer.pauseUntil(700);
    expect(await grantTimes(2, pacer)).toEqual([700, 700]);
    expect(pacer.inWindow).toBe(2);
  });

  it('lets a waiting request be cancelled', async () => {
    const pacer = createPacer({ maxRequests: 1, windowMs: 1000, marginMs: 0 });
    await pacer.acquire();
    const controller = new AbortController();
    const waiting = pacer.acquire(controller.signal);
    controller.abort(new Error('stopping'));
    await expect(waiting).rejects.toThrow('stopping');
  });
});
