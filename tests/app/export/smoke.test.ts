import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTcSimulator } from '../../../sdk/testing/tc-simulator';
import { createTcClient } from '../../../sdk/threatconnect';
import { openStateDb } from '../../../sdk/state';
import { createCapturedLogger } from '../../../sdk/testing/capture-logger';
import { createExportEngine } from '../../../app/export/create-export-engine';
import { createTcIndicatorSource } from '../../../app/export/tc-indicator-source';
import { createStixValidator } from '../../../app/stix/validate-stix';
import type { StixUploader } from '../../../app/export/stix-uploader';
import { TC_INDICATOR_TYPES } from '../../../sdk/threatconnect/types';

it('smoke', async () => {
  const sim = await startTcSimulator({ indicatorCount: 3000, malformedCount: 10 });
  const { logger, text } = createCapturedLogger({ level: 'info' });
  const tc = createTcClient({ apiPath: sim.apiPath, hmac: sim.credentials, logger });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eng-'));
  const db = openStateDb(path.join(dir, 'state.db'));
  const v = createStixValidator();
  const store = new Map<string, Record<string, unknown>>();
  const uploader: StixUploader = {
    batchSize: 100, concurrency: 4,
    async upload(objects) {
      const rejected: Array<{index: number; messages: string[]}> = [];
      objects.forEach((json, index) => {
        const o = JSON.parse(json);
        const errs = v.validate(o);
        if (errs.length) rejected.push({ index, messages: errs }); else store.set(o.id, o);
      });
      return { status: 'ok', accepted: objects.length - rejected.length, rejected };
    },
  };
  const ttl = Object.fromEntries(TC_INDICATOR_TYPES.map((t) => [t, 24])) as never;
  const engine = createExportEngine({ db, logger, source: createTcIndicatorSource(tc), uploader,
    options: { sourceSystem: 'ThreatConnect-Test', ttlHours: ttl, scheduleIntervalHours: 24, revokeRemoved: true, keepAlive: true, retentionDays: 30, outPath: dir } });
  const owners = await engine.listOwners();
  engine.saveConfig({ queries: [{ owners: owners.map((o) => o.name), indicatorTypes: [...TC_INDICATOR_TYPES], tql: 'rating >= 0', sortField: 'dateAdded', sortDirection: 'asc' }], nextUpdate: 'full' });
  engine.start();
  const { requestId } = engine.startJob('full');
  await engine.scheduler.idle();
  const job = engine.getJob(requestId)!;
  console.log(JSON.stringify(job, null, 1).slice(0, 3000), store.size, engine.listErrors({}).total);
  console.log(engine.listErrors({pageSize: 3}).items.map(e => e.message));
  await engine.stop();
  db.close(); tc.close(); await sim.close();
  expect(text()).not.toContain(sim.credentials.secretKey);
});
