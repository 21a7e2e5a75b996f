import { backoffDelay, isRetryableNetworkError, retryAfterMs, sleep } from '../../../sdk/threatconnect/retry-policy';

const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

describe('backoffDelay', () => {
  it.each([
    [1, 0, 50],
    [1, 0.999999, 100],
    [2, 0, 100],
    [3, 0.5, 300],
    [4, 0, 400],
    [5, 1, 1000],
    [10, 0, 500],
  ])('retry %i with random %f → %i ms', (retry, random, expected) => {
    expect(backoffDelay(retry, policy, () => random)).toBe(expected);
  });
});

describe('retryAfterMs', () => {
  it.each([
    ['2', 2000],
    ['0', 0],
    ['120', 5000],
    ['', undefined],
    [undefined, undefined],
    ['soon', undefined],
    [new Date(Date.UTC(2030, 0, 1, 0, 0, 0, 500)).toUTCString(), 0],
  ])('%s → %s', (header, expected) => {
    expect(retryAfterMs(header, 5000, Date.UTC(2030, 0, 1, 0, 0, 1))).toBe(expected);
  });
});

describe('isRetryableNetworkError', () => {
  it.each([
    [{ code: 'ECONNRESET', message: 'read ECONNRESET' }, true],
    [{ code: 'ETIMEDOUT' }, true],
    [{ code: 'ECONNREFUSED' }, true],
    [{ code: 'ECONNABORTED', message: 'timeout of 100ms exceeded' }, true],
    [new Error('socket hang up'), true],
    [{ code: 'ERR_BAD_OPTION', message: 'bad option' }, false],
    [{ code: 'ERR_CANCELED', message: 'canceled' }, false],
    [null, false],
    ['ECONNRESET', false],
  ])('%j → %s', (err, expected) => {
    expect(isRetryableNetworkError(err)).toBe(expected);
  });
});

describe('sleep', () => {
  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});
