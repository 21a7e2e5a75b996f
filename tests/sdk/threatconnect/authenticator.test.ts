import { createTcClient, listOwners, TcApiError } from '../../../sdk/threatconnect';
import { createAuthenticator } from '../../../sdk/threatconnect/authenticator';
import { TokenKeeper } from '../../../sdk/threatconnect/token-keeper';
import { requestContext } from '../../../sdk/request-context';
import { hmacSignature } from '../../../sdk/threatconnect/hmac-signature';
import { startTcSimulator, type TcSimulator } from '../../../sdk/testing/tc-simulator';

describe('createAuthenticator precedence', () => {
  const hmac = { accessId: 'AID', secretKey: 'KEY' };
  const keeper = new TokenKeeper('platform-token', 4_000_000_000, async () => ({ token: 'x', expires: 0 }));
  const nowMs = () => 1_700_000_000_000;
  const request = { method: 'GET', pathAndQuery: '/api/v3/security/owners' };
  const signed = { Timestamp: '1700000000', Authorization: `TC AID:${hmacSignature({ ...request, timestamp: 1700000000, secretKey: 'KEY' })}` };

  it.each([
    ['explicit token beats everything', { hmac, keeper }, 'svc-context', 'explicit', { Authorization: 'TC-Token explicit' }],
    ['service token of the request beats defaults', { hmac, keeper }, 'svc-context', undefined, { Authorization: 'TC-Token svc-context' }],
    ['HMAC beats the platform token', { hmac, keeper }, undefined, undefined, signed],
    ['platform token alone', { keeper }, undefined, undefined, { Authorization: 'TC-Token platform-token' }],
  ])('%s', async (_name, defaults, contextToken, token, expected) => {
    const authenticate = createAuthenticator({ ...defaults, nowMs });
    const run = () => authenticate({ ...request, token });
    const headers = contextToken ? await requestContext.run({ requestId: 'r', apiToken: contextToken }, run) : await run();
    expect(headers).toEqual(expected);
  });

  it('fails without any credentials', async () => {
    await expect(createAuthenticator({ nowMs })(request)).rejects.toThrow(/no ThreatConnect credentials/);
  });
});

describe('service-token override through requestContext', () => {
  let sim: TcSimulator;
  beforeAll(async () => {
    sim = await startTcSimulator({ indicatorCount: 10 });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.requests.length = 0;
  });

  it('uses the SVC token of each request being handled, HMAC outside', async () => {
    const tc = createTcClient({ apiPath: sim.apiPath, hmac: sim.credentials });
    const [a, b] = [sim.issueToken({ service: true }), sim.issueToken({ service: true })];
    expect(a.token).toMatch(/^SVC:/);
    const handle = (requestId: string, apiToken: string) =>
      requestContext.run({ requestId, apiToken }, async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return listOwners(tc);
      });
    await Promise.all([handle('one', a.token), handle('two', b.token), listOwners(tc)]);
    tc.close();
    const auths = sim.requests.map((r) => r.auth);
    expect(auths).toHaveLength(3);
    expect(auths).toEqual(
      expect.arrayContaining([
        { scheme: 'token', token: a.token, service: true },
        { scheme: 'token', token: b.token, service: true },
        { scheme: 'hmac', accessId: sim.credentials.accessId },
      ]),
    );
  });

  it('an explicit per-call token also works', async () => {
    const tc = createTcClient({ apiPath: sim.apiPath, hmac: sim.credentials });
    const svc = sim.issueToken({ service: true });
    await tc.get('/v3/security/owners', {}, { token: svc.token });
    tc.close();
    expect(sim.requests[0]!.auth).toEqual({ scheme: 'token', token: svc.token, service: true });
  });

  it('an expired service token is a 401 TcApiError that does not name the token', async () => {
    const tc = createTcClient({ apiPath: sim.apiPath, hmac: sim.credentials, retry: { attempts: 1 } });
    const svc = sim.issueToken({ service: true, expiresInSec: -1 });
    const err = await requestContext.run({ requestId: 'x', apiToken: svc.token }, () => listOwners(tc).catch((e: unknown) => e));
    tc.close();
    expect(err).toBeInstanceOf(TcApiError);
    expect((err as TcApiError).status).toBe(401);
    expect((err as TcApiError).tcMessage).toBe('ERROR (Unauthorized): You are not authorized to perform the requests operation.');
    expect(String(err)).not.toContain(svc.token);
    expect(sim.requests).toHaveLength(2); // one retry on 401, as for any token race
  });
});
