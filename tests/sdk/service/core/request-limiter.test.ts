import { RequestLimiter } from '../../../../sdk/service/core/request-limiter';

const deferred = () => {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('RequestLimiter', () => {
  it.each([0, -1, 1.5, Number.NaN])('refuses max %p', (max) => {
    expect(() => new RequestLimiter(max)).toThrow(/positive integer/);
  });

  it('runs at most max tasks at once and starts waiting ones in order', async () => {
    const limiter = new RequestLimiter(2);
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((g, i) => limiter.run(async () => (started.push(i), await g.promise, i)));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect([limiter.running, limiter.queued]).toEqual([2, 1]);
    gates[1]?.resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    gates[0]?.resolve();
    gates[2]?.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(limiter.running).toBe(0);
  });

  it('a failing task frees its slot and drain reports whether everything settled', async () => {
    const limiter = new RequestLimiter(1);
    await expect(limiter.run(async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    const gate = deferred();
    void limiter.run(() => gate.promise);
    expect(await limiter.drain(20)).toBe(false);
    gate.resolve();
    expect(await limiter.drain(1000)).toBe(true);
  });
});
