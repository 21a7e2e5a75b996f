import { createPacer, type PacerWindow } from '../../../app/sentinel/pacer';

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
  describe('with a memory (the window survives a restart)', () => {
    const memory = () => {
      let saved: PacerWindow | undefined;
      return { load: () => saved && structuredClone(saved), save: (w: PacerWindow) => void (saved = structuredClone(w)), peek: () => saved };
    };

    it('a new pacer over the same memory waits for the grants its predecessor made', async () => {
      const m = memory();
      const first = createPacer({ maxRequests: 3, windowMs: 1000, marginMs: 0, memory: m });
      expect(await grantTimes(3, first)).toEqual([0, 0, 0]);
      await jest.advanceTimersByTimeAsync(400); // the process dies here, and starts again
      const second = createPacer({ maxRequests: 3, windowMs: 1000, marginMs: 0, memory: m });
      expect(second.inWindow).toBe(3);
      expect(await grantTimes(4, second)).toEqual([1000, 1000, 1000, 2000]);
    });

    it('saves each grant before the request goes out, settled answers and pauses too', async () => {
      const m = memory();
      const pacer = createPacer({ maxRequests: 5, windowMs: 1000, marginMs: 0, memory: m });
      const settle = await pacer.acquire();
      expect(m.peek()).toEqual({ grants: [0], pausedUntil: 0 });
      await jest.advanceTimersByTimeAsync(250);
      settle();
      expect(m.peek()).toEqual({ grants: [250], pausedUntil: 0 });
      pacer.pauseUntil(5000);
      expect(m.peek()?.pausedUntil).toBe(5000);
      const again = createPacer({ maxRequests: 5, windowMs: 1000, marginMs: 0, memory: m });
      expect(await grantTimes(1, again)).toEqual([5000]); // the pause a 429 asked for outlives the process
    });

    it('forgets what left the window, and never trusts more grants than the limit or times ahead of its clock', async () => {
      jest.setSystemTime(10_000);
      const m = memory();
      m.save({ grants: [1000, 9500, 9600, 9700, 9800, 10_500, Number.NaN], pausedUntil: 2000 });
      const pacer = createPacer({ maxRequests: 3, windowMs: 1000, marginMs: 0, memory: m });
      expect(pacer.inWindow).toBe(3); // 9700, 9800 and the future 10,500 read as 10,000
      expect(await grantTimes(1, pacer)).toEqual([10_700]);
    });
  });

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
