// Upload pacing efficiency: 100,000 STIX objects through the real upload client to the Sentinel simulator with a
// scaled window (100 requests per 6 s instead of per minute). Reports how much of the ceiling the pacer used
// (objects per window achieved / 10,000) and how many 429s Sentinel had to send.
// Run: node scripts/bench/run.mjs upload      (BENCH_OBJECTS, BENCH_WINDOW_MS to change the size)
import { v5 as uuidv5 } from 'uuid';
import { Secret } from '../../sdk/inputs/secret';
import { createLogger } from '../../sdk/logger';
import { CLOUDS, createTokenProvider, createUploadClient, uploadAll } from '../../app/sentinel';
import { startSimProcess } from './sim-process';
import { reportBench } from './report';

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 100_000);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 6000); // Sentinel's minute, scaled down ten times
const PER_WINDOW = 100;
const BATCH = 100;

function objects(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    return JSON.stringify({
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${uuidv5(`bench-${i}`, '6ba7b811-9dad-11d1-80b4-00c04fd430c8')}`,
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      name: ip,
      pattern: `[ipv4-addr:value = '${ip}']`,
      pattern_type: 'stix',
      valid_from: '2026-01-01T00:00:00.000Z',
    });
  });
}

async function main(): Promise<void> {
  // The simulator runs in its own process, as Sentinel would, and validates every object.
  const sims = await startSimProcess({ indicators: 1, sentinel: { maxRequests: PER_WINDOW, windowMs: WINDOW_MS } });
  const sim = sims.info.sentinel;
  const logger = createLogger({ level: 'warn' });
  const tokenProvider = createTokenProvider({ ...sim.credentials, clientSecret: new Secret(sim.credentials.clientSecret), authorityHost: sim.authorityHost, scope: CLOUDS.AzureCloud.scope, logger, ca: sim.ca });
  const client = createUploadClient({ apiUrl: sim.apiUrl, workspaceId: sim.workspaceId, sourceSystem: 'ThreatConnect-Bench', tokenProvider, logger, ca: sim.ca, limits: { maxRequestsPerWindow: PER_WINDOW, windowMs: WINDOW_MS } });
  const texts = objects(OBJECTS);
  const started = Date.now();
  const result = await uploadAll(client, texts);
  const elapsedMs = Date.now() - started;
  client.close();
  const requests = Math.ceil(OBJECTS / BATCH);
  // The limit lets the first PER_WINDOW requests go at once, then PER_WINDOW more each window: the last request
  // can start no earlier than this.
  const floorMs = Math.floor((requests - 1) / PER_WINDOW) * WINDOW_MS;
  const stats = await sims.stop();
  const throttled = stats.throttled;
  // The fastest schedule the limit allows puts the last request at floorMs after the first; how close the run came
  // to that is the share of the ceiling it used (timed at the simulator, as Sentinel counts).
  const spanMs = (stats.acceptedAt.at(-1) ?? 0) - (stats.acceptedAt[0] ?? 0);
  const share = spanMs > 0 ? floorMs / spanMs : 0;
  const perWindow = share * PER_WINDOW * BATCH;
  if (result.accepted !== OBJECTS || result.failed.length > 0) throw new Error(`only ${result.accepted} of ${OBJECTS} objects were accepted`);
  reportBench('upload pacing', {
    objects: { value: OBJECTS, unit: 'objects' },
    window: { value: WINDOW_MS, unit: 'ms per 100 requests' },
    elapsed: { value: Math.round(elapsedMs) / 1000, unit: 's' },
    floor: { value: floorMs / 1000, unit: 's (limit-imposed minimum)' },
    objectsPerWindow: { value: Math.round(perWindow), unit: 'objects per window, sustained (ceiling 10,000)' },
    usedOfCeiling: { value: Math.round(share * 10000) / 100, unit: '% of the ceiling', goal: '>= 98' },
    elapsedOverFloor: { value: Math.round((10000 * elapsedMs) / floorMs) / 100, unit: '% of the floor' },
    throttled: { value: throttled, unit: '429 answers', goal: '0' },
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
