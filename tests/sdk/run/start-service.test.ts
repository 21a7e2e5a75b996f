import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Secret } from '../../../sdk/inputs/secret';
import { defineApp } from '../../../sdk/define-app';
import { startService } from '../../../sdk/run';
import { httpRouteClient } from '../../helpers/route-client';
import { readEvents, testAppDefinition } from '../../helpers/test-app-definition';

const SECRET = 'tc-secret-key-51e0aa';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tc-run-'));
}

function standaloneInputs(dir: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    tc_api_path: 'http://127.0.0.1:9/api',
    tc_access_id: 'access-id',
    tc_secret_key: new Secret(SECRET),
    tc_out_path: path.join(dir, 'out'),
    tc_temp_path: path.join(dir, 'tmp'),
    tc_log_path: path.join(dir, 'log'),
    tc_log_level: 'debug',
    service_port: '0',
    ...extra,
  };
}

describe('startService, standalone', () => {
  it('starts in order, serves, and shuts down: stop accepting, abort, stop workers, hooks, close state and log', async () => {
    const dir = tempDir();
    const service = await startService(testAppDefinition(), standaloneInputs(dir), { installDir: dir, console: false, flags: { noToken: true } });
    expect(service.mode).toBe('standalone');
    const client = httpRouteClient(service.url ?? '');
    const health = JSON.parse((await client.request('GET', '/api/health')).body.toString());
    expect(health).toMatchObject({ status: 'ok', app: { name: 'test-app', mode: 'standalone' }, service: { transport: 'standalone' } });
    expect((await client.request('POST', '/api/visits')).status).toBe(201);
    expect(readEvents(path.join(dir, 'out'))).toEqual(['setup done', 'worker started aborted=false']);

    expect(await service.shutdown('test over')).toBe(0);
    expect(await service.done).toBe(0);
    expect(readEvents(path.join(dir, 'out'))).toEqual([
      'setup done',
      'worker started aborted=false',
      'signal aborted',
      'worker stopped',
      'shutdown hook db-open=true',
    ]);
    await expect(client.request('GET', '/api/health')).rejects.toThrow(/ECONNREFUSED/);
    const log = fs.readFileSync(path.join(dir, 'log', 'app.log'), 'utf8');
    expect(log).toContain('"message":"Service stopped"');
    expect(log).not.toContain(SECRET);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the state between runs', async () => {
    const dir = tempDir();
    for (const want of [1, 2]) {
      const service = await startService(testAppDefinition(), standaloneInputs(dir), { installDir: dir, console: false, flags: { noToken: true } });
      const res = await httpRouteClient(service.url ?? '').request('POST', '/api/visits');
      expect(JSON.parse(res.body.toString())).toEqual({ visits: want });
      await service.shutdown('next run');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('goes on with shutdown when a worker does not stop in time', async () => {
    const dir = tempDir();
    const stuck = defineApp((app) => {
      app.worker({ name: 'stuck', start: () => undefined, stop: () => new Promise(() => undefined) });
    });
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const service = await startService(stuck, standaloneInputs(dir), {
      installDir: dir,
      console: false,
      flags: { noToken: true },
      workerStopMs: 100,
      logStreams: [sink],
    });
    expect(await service.shutdown('test')).toBe(0);
    expect(lines.join('')).toContain('Stopping worker \\"stuck\\" did not finish within 100 ms');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('startService, start-up failures', () => {
  it.each([
    ['no tc_api_path', { tc_api_path: undefined }, /tc_api_path is required/],
    ['an unusable port', { service_port: 'eighty' }, /service_port must be an integer/],
    ['a public address without an access token', { service_host: '0.0.0.0' }, /access token is required/],
    [
      'broker inputs without topics',
      { tc_svc_broker_host: '127.0.0.1', tc_kvstore_host: '127.0.0.1' },
      /tc_svc_server_topic is required; tc_svc_client_topic is required/,
    ],
  ])('%s', async (_name, extra, message) => {
    const dir = tempDir();
    await expect(
      startService(testAppDefinition(), standaloneInputs(dir, extra), { installDir: dir, console: false, flags: { noToken: true } }),
    ).rejects.toThrow(message);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an app function that throws: the error propagates and the log says why', async () => {
    const dir = tempDir();
    const broken = defineApp(() => {
      throw new Error('the app cannot read its config');
    });
    await expect(startService(broken, standaloneInputs(dir), { installDir: dir, console: false, flags: { noToken: true } })).rejects.toThrow(
      'the app cannot read its config',
    );
    expect(fs.readFileSync(path.join(dir, 'log', 'app.log'), 'utf8')).toContain('"level":"critical","message":"The service could not start"');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a worker that fails to start: those already started are stopped again', async () => {
    const dir = tempDir();
    const events: string[] = [];
    const app = defineApp((a) => {
      a.worker({ name: 'first', start: () => void events.push('first started'), stop: () => void events.push('first stopped') });
      a.worker({ name: 'second', start: () => Promise.reject(new Error('no scheduler today')), stop: () => void events.push('second stopped') });
    });
    await expect(startService(app, standaloneInputs(dir), { installDir: dir, console: false, flags: { noToken: true } })).rejects.toThrow('no scheduler today');
    expect(events).toEqual(['first started', 'first stopped']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
