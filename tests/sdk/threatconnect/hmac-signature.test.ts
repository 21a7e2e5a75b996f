import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTcClient, hmacAuthorization, hmacSignature } from '../../../sdk/threatconnect';

const SECRET = 'documented-example-secret';
const independent = (message: string, key = SECRET) => createHmac('sha256', key).update(message).digest('base64');

describe('hmacSignature', () => {
  it('signs the documented example string', () => {
    const signed = hmacSignature({
      pathAndQuery: '/api/v2/indicators/hosts/example.com?Owner=Common%20Community',
      method: 'GET',
      timestamp: 1513703787,
      secretKey: SECRET,
    });
    expect(signed).toBe(independent('/api/v2/indicators/hosts/example.com?Owner=Common%20Community:GET:1513703787'));
    expect(Buffer.from(signed, 'base64')).toHaveLength(32);
  });

  it.each([
    ['lower-case method is upper-cased', { method: 'get' }, '/api/v3/security/owners:GET:1700000000'],
    ['timestamp as a string', { timestamp: '1700000000' }, '/api/v3/security/owners:GET:1700000000'],
    ['POST', { method: 'POST' }, '/api/v3/security/owners:POST:1700000000'],
    [
      'query kept as sent',
      { pathAndQuery: '/api/v3/indicators?owner=A%20B&fields=tags&fields=attributes' },
      '/api/v3/indicators?owner=A%20B&fields=tags&fields=attributes:GET:1700000000',
    ],
  ])('%s', (_name, change, message) => {
    const input = { pathAndQuery: '/api/v3/security/owners', method: 'GET', timestamp: 1700000000, secretKey: SECRET, ...change };
    expect(hmacSignature(input)).toBe(independent(message));
  });

  it.each([
    ['another key', { secretKey: 'other' }],
    ['another timestamp', { timestamp: 1700000001 }],
    ['+ instead of %20', { pathAndQuery: '/api/v3/indicators?owner=A+B' }],
  ])('differs with %s', (_name, change) => {
    const base = { pathAndQuery: '/api/v3/indicators?owner=A%20B', method: 'GET', timestamp: 1700000000, secretKey: SECRET };
    expect(hmacSignature({ ...base, ...change })).not.toBe(hmacSignature(base));
  });

  it('builds the Authorization header', () => {
    expect(hmacAuthorization('12345', 'c2ln')).toBe('TC 12345:c2ln');
  });
});

describe('the signed path and query are what goes on the wire', () => {
  let server: http.Server;
  const seen: Array<{ url: string; headers: http.IncomingHttpHeaders }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      res.setHeader('content-type', 'application/json');
      res.end('{"status":"Success","data":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([
    [
      'spaces as %20 and repeated fields',
      { owner: 'Common Community', fields: ['tags', 'attributes'] },
      '?owner=Common%20Community&fields=tags&fields=attributes',
    ],
    ['TQL with quotes, parentheses and an apostrophe', { tql: `summary = "it's (a) test!*"` }, '?tql=summary%20%3D%20%22it%27s%20%28a%29%20test%21%2A%22'],
    ['unicode and reserved characters', { tql: 'tag = "café&co/+"' }, '?tql=tag%20%3D%20%22caf%C3%A9%26co%2F%2B%22'],
  ])('%s', async (_name, params, expectedQuery) => {
    const { port } = server.address() as AddressInfo;
    const tc = createTcClient({ apiPath: `http://127.0.0.1:${port}/api`, hmac: { accessId: 'AID', secretKey: SECRET } });
    try {
      await tc.get('/v3/indicators', params);
    } finally {
      tc.close();
    }
    const request = seen.at(-1)!;
    expect(request.url).toBe(`/api/v3/indicators${expectedQuery}`);
    const timestamp = String(request.headers.timestamp);
    expect(request.headers.authorization).toBe(`TC AID:${independent(`${request.url}:GET:${timestamp}`)}`);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
  });
});
