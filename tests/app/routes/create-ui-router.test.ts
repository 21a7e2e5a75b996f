import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createUiRouter } from '../../../app/routes';
import { createHttpApp, startStandaloneServer, type StandaloneTransport } from '../../../sdk/service';
import { createCapturedLogger } from '../../../sdk/testing/capture-logger';
import { httpRouteClient } from '../../helpers/route-client';
import { sendVia, type SendRoute } from './route-transport';

describe('createUiRouter', () => {
  const built = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-router-'));
  const unbuilt = path.join(built, 'missing');
  const { logger } = createCapturedLogger();
  const servers: StandaloneTransport[] = [];
  let ui: SendRoute;
  let empty: SendRoute;
  const serve = async (uiDir: string) => {
    const http = createHttpApp({ logger });
    http.routes.use(createUiRouter({ uiDir }));
    const server = await startStandaloneServer({ handler: http.handler, logger, accessToken: false });
    servers.push(server);
    return sendVia(httpRouteClient(server.url));
  };

  beforeAll(async () => {
    fs.writeFileSync(path.join(built, 'index.html'), '<!doctype html><title>UI</title>');
    fs.writeFileSync(path.join(built, 'main-ABC123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(built, 'main-ABC123.css'), 'body{}');
    ui = await serve(built);
    empty = await serve(unbuilt);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await logger.close();
    fs.rmSync(built, { recursive: true, force: true });
  });

  it.each([
    ['index.html at the root, revalidated', '', 200, 'text/html', 'no-cache'],
    ['a hashed script, cached for a year', 'ui/main-ABC123.js', 200, 'javascript', 'public, max-age=31536000, immutable'],
    ['a hashed stylesheet', 'ui/main-ABC123.css', 200, 'text/css', 'public, max-age=31536000, immutable'],
  ])('serves %s', async (_name, p, status, type, cache) => {
    const res = await ui({ method: 'GET', path: p });
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain(type);
    expect(res.headers['cache-control']).toBe(cache);
  });

  it.each([
    ['an unknown asset', 'ui/main-XYZ.js'],
    ['index.html under a second, long-cached name', 'ui/index.html'],
    ['a path outside the UI folder', 'ui/..%2f..%2fetc%2fpasswd'],
    ['the folder itself', 'ui/'],
  ])('answers 404 for %s', async (_name, p) => {
    const res = await ui({ method: 'GET', path: p });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'Not found' });
  });

  it('says so when the UI has not been built', async () => {
    const res = await empty({ method: 'GET', path: '' });
    expect(res).toMatchObject({ status: 503, body: { error: 'The UI has not been built (npm run build)' } });
  });
});
