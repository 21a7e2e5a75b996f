import fs from 'node:fs';
import path from 'node:path';
import { defineApp, type AppDefinition } from '../../sdk/define-app';
import { migrate } from '../../sdk/state';
import { createSlowGate, registerTestRoutes } from './test-routes';

/** Lines the test app appends to `<tc_out_path>/events.log` as its lifecycle goes by. */
export function readEvents(outPath: string): string[] {
  const file = path.join(outPath, 'events.log');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n') : [];
}

/**
 * A small App built the way the real one is: routes, a health field, a worker that must be stopped at a safe
 * point, a shutdown hook and a migrated table; every lifecycle step is written to events.log.
 */
export function testAppDefinition(): AppDefinition<Record<string, unknown>> {
  return defineApp((app, ctx) => {
    const log = (event: string) => fs.appendFileSync(path.join(ctx.paths.out, 'events.log'), `${event}\n`);
    migrate(ctx.db, 'test-app', ['CREATE TABLE visits (at TEXT NOT NULL)']);
    registerTestRoutes(app.routes, createSlowGate());
    app.routes.post('/api/visits', (_req, res) => {
      ctx.db.prepare('INSERT INTO visits (at) VALUES (?)').run(new Date().toISOString());
      res.status(201).json({ visits: (ctx.db.prepare('SELECT COUNT(*) AS n FROM visits').get() as { n: number }).n });
    });
    app.health('app', () => ({ name: 'test-app', mode: ctx.mode }));
    let timer: NodeJS.Timeout | undefined;
    app.worker({
      name: 'ticker',
      start(signal) {
        log(`worker started aborted=${signal.aborted}`);
        timer = setInterval(() => undefined, 1000);
        signal.addEventListener('abort', () => log('signal aborted'));
      },
      async stop() {
        clearInterval(timer);
        await new Promise((r) => setTimeout(r, 50));
        log('worker stopped');
      },
    });
    app.onShutdown(() => log(`shutdown hook db-open=${ctx.db.isOpen}`));
    log('setup done');
  });
}
