import express from 'express';
import { Readable } from 'node:stream';
import { dispatchRequest, requestTarget } from '../../../sdk/service/dispatch-request';
import { toNodeHeaders } from '../../../sdk/service/node-headers';

describe('requestTarget', () => {
  it.each([
    ['data', [], '/data'],
    ['/data', [], '/data'],
    ['', [], '/'],
    ['api/jobs/a b', [], '/api/jobs/a%20b'],
    ['api/ä', [], '/api/%C3%A4'],
    ['api/already%20encoded', [], '/api/already%20encoded'],
    ['api/x#frag', [], '/api/x%23frag'],
    [
      'api/x',
      [
        { name: 'a', value: '1' },
        { name: 'a', value: '2' },
      ],
      '/api/x?a=1&a=2',
    ],
    ['api/x?keep=1', [{ name: 'b', value: 'x y&z=' }], '/api/x?keep=1&b=x%20y%26z%3D'],
  ])('%s + %j → %s', (path, query, want) => {
    expect(requestTarget(path, query)).toBe(want);
  });
});

describe('toNodeHeaders folds repeats the way Node does', () => {
  it.each([
    [
      [
        ['X-Tag', 'a'],
        ['x-tag', 'b'],
      ],
      { 'x-tag': 'a, b' },
    ],
    [
      [
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
      ],
      { 'set-cookie': ['a=1', 'b=2'] },
    ],
    [
      [
        ['Cookie', 'a=1'],
        ['Cookie', 'b=2'],
      ],
      { cookie: 'a=1; b=2' },
    ],
    [
      [
        ['Content-Type', 'application/json'],
        ['Content-Type', 'text/plain'],
      ],
      { 'content-type': 'application/json' },
    ],
    [
      [
        ['Authorization', 'Bearer 1'],
        ['Authorization', 'Bearer 2'],
      ],
      { authorization: 'Bearer 1' },
    ],
  ])('%j', (list, want) => {
    expect(toNodeHeaders(list.map(([name, value]) => ({ name: name as string, value: value as string })))).toEqual(want);
  });
});

describe('dispatchRequest', () => {
  const app = express();
  app.post('/raw', express.raw({ type: () => true }), (req, res) => {
    res.json({ length: (req.body as Buffer).length, first: (req.body as Buffer)[0], raw: req.rawHeaders, ip: req.ip, protocol: req.protocol });
  });
  app.get('/stream', (_req, res) => {
    res.type('text/plain');
    Readable.from(['one ', 'two ', Buffer.from('three')]).pipe(res);
  });
  app.get('/write', (_req, res) => {
    res.write('a');
    res.write(Buffer.from('b'));
    res.write(new Uint8Array([99]));
    res.end('d', 'utf8');
  });
  app.get('/abandon', (req) => {
    req.socket.destroy();
  });

  it('hands the handler a real request with a Buffer body, raw headers, remote address and TLS flag', async () => {
    const res = await dispatchRequest(app, {
      method: 'post',
      path: 'raw',
      body: Buffer.from([0, 1, 2, 255]),
      headers: [
        { name: 'X-A', value: '1' },
        { name: 'X-A', value: '2' },
        { name: 'Content-Length', value: '999' },
      ],
      remoteAddress: '10.1.2.3',
      secure: true,
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({
      length: 4,
      first: 0,
      raw: ['X-A', '1', 'X-A', '2', 'content-length', '4'],
      ip: '10.1.2.3',
      protocol: 'https',
    });
  });

  it.each([
    ['/stream', 'one two three'],
    ['/write', 'abcd'],
  ])('collects a body written in pieces (%s)', async (path, want) => {
    const res = await dispatchRequest(app, { method: 'GET', path });
    expect(res.body.toString()).toBe(want);
    expect(res.statusText).toBe('OK');
  });

  it('answers 404 through express for unknown paths, with lower-case header names', async () => {
    const res = await dispatchRequest(app, { method: 'GET', path: 'missing' });
    expect(res.status).toBe(404);
    expect(res.headers.every((h) => h.name === h.name.toLowerCase())).toBe(true);
  });

  it('rejects when the handler abandons the response', async () => {
    await expect(dispatchRequest(app, { method: 'GET', path: '/abandon' })).rejects.toThrow(/closed before it finished/);
  });

  it('serves many requests at once without mixing bodies', async () => {
    const bodies = Array.from({ length: 50 }, (_, i) => Buffer.alloc(i + 1, i));
    const results = await Promise.all(bodies.map((body) => dispatchRequest(app, { method: 'POST', path: '/raw', body })));
    results.forEach((r, i) => expect(JSON.parse(r.body.toString())).toMatchObject({ length: i + 1, first: i }));
  });
});
