import { createTcClient, listOwners, TOKEN_RENEW_BEFORE_SEC } from '../../../sdk/threatconnect';
import { readRenewedToken, TokenKeeper } from '../../../sdk/threatconnect/token-keeper';
import { Secret } from '../../../sdk/inputs/secret';
import { createCapturedLogger } from '../../../sdk/testing/capture-logger';
import { startTcSimulator, type TcSimulator } from '../../../sdk/testing/tc-simulator';
import { FAST_RETRY } from './helpers';

describe('TokenKeeper', () => {
  const NOW = 1_700_000_000;
  it.each([
    ['an hour left: kept', 3600, false, 'old', 0],
    ['exactly 10 minutes left: kept', TOKEN_RENEW_BEFORE_SEC, false, 'old', 0],
    ['9 minutes left: renewed', 540, false, 'new', 1],
    ['expired: renewed', -5, false, 'new', 1],
    ['forced after a 401: renewed', 3600, true, 'new', 1],
  ])('%s', async (_name, remaining, force, expected, renewals) => {
    const renew = jest.fn(async () => ({ token: 'new', expires: NOW + 7200 }));
    const keeper = new TokenKeeper(new Secret('old'), NOW + remaining, renew, () => NOW);
    await expect(keeper.current(force)).resolves.toBe(expected);
    expect(renew).toHaveBeenCalledTimes(renewals);
    if (renewals) expect(renew).toHaveBeenCalledWith('old');
  });

  it.each([
    ['still valid: keeps the old token and reports', 300, 'old'],
    ['expired: fails', -1, undefined],
  ])('renewal failure, %s', async (_name, remaining, expected) => {
    const onError = jest.fn();
    const keeper = new TokenKeeper(
      'old',
      NOW + remaining,
      async () => Promise.reject(new Error('appAuth down')),
      () => NOW,
      onError,
    );
    if (expected) {
      await expect(keeper.current()).resolves.toBe(expected);
      expect(onError).toHaveBeenCalledTimes(1);
    } else {
      await expect(keeper.current()).rejects.toThrow('appAuth down');
    }
  });

  it('shares one renewal between concurrent callers', async () => {
    const renew = jest.fn(async () => ({ token: 'new', expires: NOW + 7200 }));
    const keeper = new TokenKeeper('old', NOW + 10, renew, () => NOW);
    await expect(Promise.all([keeper.current(), keeper.current(), keeper.current()])).resolves.toEqual(['new', 'new', 'new']);
    expect(renew).toHaveBeenCalledTimes(1);
    expect(keeper.expires).toBe(NOW + 7200);
  });

  it.each([
    [
      { apiToken: 't', apiTokenExpires: 1700003600 },
      { token: 't', expires: 1700003600 },
    ],
    [
      { apiToken: 't', apiTokenExpires: '1700003600' },
      { token: 't', expires: 1700003600 },
    ],
    [
      { apiToken: 't', apiTokenExpires: 1700003600000 },
      { token: 't', expires: 1700003600 },
    ],
    [{ apiToken: '', apiTokenExpires: 1 }, undefined],
    [{ apiTokenExpires: 1 }, undefined],
    [{ apiToken: 't', apiTokenExpires: 'soon' }, undefined],
    ['nope', undefined],
  ])('readRenewedToken(%j)', (body, expected) => {
    expect(readRenewedToken(body)).toEqual(expected);
  });
});

describe('token auth against the simulator', () => {
  let sim: TcSimulator;
  beforeAll(async () => {
    sim = await startTcSimulator({ indicatorCount: 10 });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.requests.length = 0;
    sim.faults.clear();
  });
  const appAuthCalls = () => sim.requests.filter((r) => r.path === '/api/appAuth');
  const ownerCalls = () => sim.requests.filter((r) => r.path === '/api/v3/security/owners');

  it.each([
    ['5 minutes left: renews through /appAuth first', 300, 1],
    ['9 minutes 59 left: renews', 599, 1],
    ['2 hours left: uses it as is', 7200, 0],
  ])('%s', async (_name, expiresInSec, renewals) => {
    const issued = sim.issueToken({ expiresInSec });
    const logs = createCapturedLogger({ level: 'trace' });
    const tc = createTcClient({
      apiPath: sim.apiPath,
      token: { token: new Secret(issued.token), tokenExpires: issued.expires },
      logger: logs.logger,
      retry: FAST_RETRY,
    });
    await listOwners(tc);
    await listOwners(tc);
    tc.close();

    expect(appAuthCalls()).toHaveLength(renewals);
    const used = ownerCalls().map((r) => (r.auth?.scheme === 'token' ? r.auth.token : undefined));
    expect(used).toHaveLength(2);
    if (renewals) {
      expect(appAuthCalls()[0]!.query.expiredToken).toBe(issued.token);
      expect(appAuthCalls()[0]!.auth).toBeUndefined();
      expect(used[0]).not.toBe(issued.token);
      expect(used[1]).toBe(used[0]);
    } else {
      expect(used).toEqual([issued.token, issued.token]);
    }
    for (const token of [issued.token, ...used]) expect(logs.text()).not.toContain(token!);
    await logs.logger.close();
  });

  it('a 401 renews the token and retries once', async () => {
    const issued = sim.issueToken({ expiresInSec: 7200 });
    const tc = createTcClient({ apiPath: sim.apiPath, token: { token: issued.token, tokenExpires: issued.expires }, retry: FAST_RETRY });
    sim.faults.next({ status: 401, match: '/security/owners' });
    await expect(listOwners(tc)).resolves.toHaveLength(sim.owners.length);
    tc.close();
    expect(appAuthCalls()).toHaveLength(1);
    expect(ownerCalls().map((r) => r.status)).toEqual([401, 200]);
  });

  it('HMAC credentials win over the token when both are given', async () => {
    const issued = sim.issueToken({ expiresInSec: 60 });
    const tc = createTcClient({ apiPath: sim.apiPath, hmac: sim.credentials, token: { token: issued.token, tokenExpires: issued.expires } });
    await listOwners(tc);
    tc.close();
    expect(ownerCalls()[0]!.auth).toEqual({ scheme: 'hmac', accessId: sim.credentials.accessId });
    expect(appAuthCalls()).toHaveLength(0);
  });

  it('a token the platform will not renew fails with the /appAuth error, without the token', async () => {
    const tc = createTcClient({ apiPath: sim.apiPath, token: { token: 'never-issued-token', tokenExpires: 0 }, retry: FAST_RETRY });
    const err = await listOwners(tc).catch((e: Error) => e);
    tc.close();
    expect(String(err)).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/api\/appAuth\?expiredToken=\*\*\* failed with 401: ERROR \(Unauthorized\)/);
    expect(String(err)).not.toContain('never-issued-token');
  });
});
