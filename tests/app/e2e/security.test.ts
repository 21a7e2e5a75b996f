import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import fc from 'fast-check';
import type { AppStack } from '../../../app/testing/start-app-stack';
import type { ConfigState } from '../../../app/export/types';
import { allOf, runJob, saveConfig, startStack, tempDir } from './e2e-kit';

// The standalone server as an attacker meets it: another site in the admin's browser (DNS rebinding, cross-site
// requests, framing, redirects), hostile input, and what it leaves on disk. Through the real HTTP server.
let stack: AppStack;
let workDir: string;
beforeAll(async () => {
  workDir = tempDir('security');
  stack = await startStack('security', { workDir, access: 'token', tc: { indicatorCount: 120, seed: 41 } });
}, 60_000);
afterAll(() => stack?.close());

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request with exactly these headers (fetch would set Host and Origin itself). */
function raw(method: string, route: string, headers: Record<string, string> = {}, body?: string): Promise<Raw> {
  const url = new URL(stack.url);
  return new Promise((resolve, reject) => {
    // A connection of its own: one a malformed request closed must not be reused for the next.
    const req = http.request({ host: url.hostname, port: url.port, method, path: route, agent: false, headers: { host: url.host, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const bearer = () => ({ authorization: `Bearer ${stack.accessToken}` });
const json = { 'content-type': 'application/json' };
const emptyConfig = JSON.stringify({ queries: [], nextUpdate: 'full' });
const config = async () => JSON.parse((await raw('GET', '/api/config', bearer())).body) as ConfigState;
const tcCalls = () => stack.tc.requests.length;

describe('the access token', () => {
  it('is made at start, written 0600 for tools, and required on every request', async () => {
    const file = path.join(workDir, 'out', 'service-access-token');
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(stack.accessToken);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(stack.accessToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await raw('GET', '/api/config')).status).toBe(401);
    expect((await raw('GET', '/api/config', { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await raw('GET', '/api/config', bearer())).status).toBe(200);
  });

  it('is traded for an HttpOnly, SameSite=Strict cookie, and the browser sent on to a path of this server only', async () => {
    for (const [route, location] of [
      ['/?access_token=', '/'],
      ['/.//evil.example/?access_token=', '/evil.example/'],
      ['//evil.example/x?a=1&access_token=', '/evil.example/x?a=1'],
      ['/%2F%2Fevil.example?access_token=', '/%2F%2Fevil.example'],
    ] as const) {
      const res = await raw('GET', `${route}${stack.accessToken}`);
      expect([route, res.status, res.headers.location]).toEqual([route, 303, location]);
      expect(res.headers['set-cookie']?.[0]).toMatch(/^tc_svc_access=[A-Za-z0-9_-]+; HttpOnly; SameSite=Strict; Path=\/$/);
      expect(res.headers['set-cookie']?.[0]).not.toContain(stack.accessToken!);
    }
    const cookie = (await raw('GET', `/?access_token=${stack.accessToken}`)).headers['set-cookie']![0]!.split(';')[0]!;
    expect((await raw('GET', '/api/config', { cookie })).status).toBe(200);
  });
});

describe('another site in the admin’s browser', () => {
  it('cannot reach the service under its own name (DNS rebinding): refused, nothing changed', async () => {
    const before = await config();
    for (const host of ['rebind.example', `rebind.example:${new URL(stack.url).port}`, 'localhost:1', '127.0.0.1:80']) {
      const res = await raw('PUT', '/api/config', { host, ...json, ...bearer() }, emptyConfig);
      expect([host, res.status]).toEqual([host, 403]);
      expect(JSON.parse(res.body)).toMatchObject({ error: 'This host name is not allowed' });
      expect((await raw('GET', '/api/config', { host, ...bearer() })).status).toBe(403);
    }
    expect(await config()).toEqual(before);
  });

  it('accepts any loopback name on the bound port', async () => {
    const port = new URL(stack.url).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `127.5.6.7:${port}`])
      expect((await raw('GET', '/api/health', { host, ...bearer() })).status).toBe(200);
  });

  it('cannot change anything from another origin, even with the cookie', async () => {
    const before = await config();
    const cookie = (await raw('GET', `/?access_token=${stack.accessToken}`)).headers['set-cookie']![0]!.split(';')[0]!;
    for (const origin of ['http://evil.example', 'null', `http://localhost:${Number(new URL(stack.url).port) + 1}`]) {
      const put = await raw('PUT', '/api/config', { origin, cookie, ...json }, emptyConfig);
      expect([origin, put.status]).toEqual([origin, 403]);
      expect((await raw('POST', '/api/jobs', { origin, cookie, ...json }, JSON.stringify({ mode: 'full' }))).status).toBe(403);
    }
    expect((await raw('PUT', '/api/config', { 'sec-fetch-site': 'cross-site', cookie, ...json }, emptyConfig)).status).toBe(403);
    expect(await config()).toEqual(before);
    const same = await raw(
      'PUT',
      '/api/config',
      { origin: new URL(stack.url).origin, cookie, ...json },
      JSON.stringify({ queries: before.queries, nextUpdate: before.nextUpdate }),
    );
    expect(same.status).toBe(200);
  });

  it('gets headers that forbid framing, sniffing, inline script, referrers and caching of the API', async () => {
    const page = await raw('GET', '/', bearer());
    const api = await raw('GET', '/api/health', bearer());
    for (const res of [page, api]) {
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'.*frame-ancestors 'self'/);
      expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
    expect(api.headers['cache-control']).toBe('no-store');
  });
});

describe('hostile input', () => {
  it('answers a bad percent-encoding with 400, not 500', async () => {
    const res = await raw('GET', '/api/jobs/%ff', bearer());
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: 'The URL is not valid percent-encoding' });
  });

  it('answers malformed HTTP with a 400 it can read', async () => {
    const url = new URL(stack.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname, () => socket.write('GET / HTTP/1.1\r\nHost: \u0000bad\r\nX: \x7f\r\n\r\n'));
      let text = '';
      socket.on('data', (c) => (text += c.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });

  it('keeps a TQL inside its parentheses: refused before ThreatConnect is asked', async () => {
    const calls = tcCalls();
    const query = { ...allOf(stack), owners: [stack.tc.owners[0]!.name], indicatorTypes: ['Host'], tql: 'rating >= 0) or (rating >= 0' };
    const res = await raw('POST', '/api/preview', { ...json, ...bearer() }, JSON.stringify(query));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).details).toEqual([
      { path: 'tql', message: "The TQL cannot be used: ')' closes a parenthesis that was not opened (at character 12)" },
    ]);
    expect(tcCalls()).toBe(calls);
  });

  it('refuses 1,000 configurations without a single ThreatConnect call', async () => {
    const calls = tcCalls();
    const res = await raw(
      'PUT',
      '/api/config',
      { ...json, ...bearer() },
      JSON.stringify({ queries: Array.from({ length: 1000 }, () => allOf(stack)), nextUpdate: 'full' }),
    );
    expect(res.status).toBe(400);
    expect(tcCalls()).toBe(calls);
  });

  it('asks ThreatConnect once per distinct check', async () => {
    const calls = tcCalls();
    const same = allOf(stack);
    const res = await raw(
      'PUT',
      '/api/config',
      { ...json, ...bearer() },
      JSON.stringify({ queries: Array.from({ length: 50 }, () => same), nextUpdate: 'delta' }),
    );
    expect(res.status).toBe(200);
    expect(tcCalls() - calls).toBe(2); // the owners, and one TQL check
  });

  it('says what ThreatConnect answered, never where it lives', async () => {
    stack.tc.faults.next({ status: 503, times: 10, match: '/v3/security/owners' });
    try {
      const res = await raw('GET', '/api/owners', bearer());
      expect(res.status).toBe(502);
      expect(res.body).not.toMatch(/127\.0\.0\.1|https?:\/\/|\/api\/v3/);
      expect(JSON.parse(res.body)).toEqual({ error: 'Could not read the owners from ThreatConnect: ThreatConnect answered 503: An internal error occurred' });
    } finally {
      stack.tc.faults.clear();
    }
  });
});

describe('a fuzzed stream of requests', () => {
  it('never gets a 5xx, and refused writes change nothing', async () => {
    await saveConfig(stack, [allOf(stack)], 'delta');
    const before = await config();
    const segment = fc.oneof(
      fc.constantFrom(
        'api',
        'config',
        'jobs',
        'tasks',
        'errors',
        'preview',
        'owners',
        'health',
        'ui',
        '..',
        '.',
        '',
        '%ff',
        '%2e%2e',
        '%00',
        '%c3%28',
        '\u00e9',
      ),
      fc.string({ maxLength: 8 }).map(encodeURIComponent),
    );
    const request = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
      path: fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/${s.join('/')}`),
      query: fc.option(fc.string({ maxLength: 20 }).map(encodeURIComponent), { nil: undefined }),
      contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', undefined),
      body: fc.option(
        fc.oneof(
          fc.json({ maxDepth: 3 }),
          fc.string({ maxLength: 200 }),
          fc.constant(
            JSON.stringify({ queries: [{ owners: ['x'], indicatorTypes: ['Host'], tql: ')(', sortField: 'id', sortDirection: 'asc' }], nextUpdate: 'full' }),
          ),
          fc.constant('{"mode":"full"'),
        ),
        { nil: undefined },
      ),
    });
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = { ...bearer(), ...(r.contentType ? { 'content-type': r.contentType } : {}) };
        const writesConfig = r.method === 'PUT' && r.path === '/api/config';
        const stateBefore = writesConfig ? await config() : undefined;
        const res = await raw(r.method, `${r.path}${r.query === undefined ? '' : `?${r.query}`}`, headers, r.body);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect([r.method, r.path, res.status < 500]).toEqual([r.method, r.path, true]);
        // A refused write changes nothing.
        if (writesConfig && res.status !== 200) expect(await config()).toEqual(stateBefore);
      }),
      { numRuns: 2500, seed: 20261206 },
    );
    expect((await config()).revision).toBe(before.revision); // no write in the stream was accepted
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
    expect((await runJob(stack, 'delta')).status).toBe('Upload Complete'); // the service goes on
  }, 180_000);
});

describe('what it leaves on disk', () => {
  it('is its owner’s alone, once it runs as the service does', () => {
    // startService keeps the folders private; the umask (files 0600) is set by app.js and the CLI themselves.
    for (const folder of ['out', 'log', 'tmp']) expect([folder, fs.statSync(path.join(workDir, folder)).mode & 0o077]).toEqual([folder, 0]);
  });
});
