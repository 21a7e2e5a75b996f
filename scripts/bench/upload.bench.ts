// Upload pacing efficiency: 100,000 small valid STIX indicators (1,000 requests of 100) through the real upload
// client (token provider + paced client, wired as app/connect-export-engine.ts wires them) to the Sentinel simulator,
// with Sentinel's window scaled from a minute to BENCH_WINDOW_MS (default 2 s), 100 requests per window.
// Reports how much of the ceiling the pacer used (objects per window achieved / 10,000), the 429s Sentinel sent,
// and the time against the floor the limit imposes. The simulator runs in its own process, as Sentinel would, and
// validates every object.
// Run: node scripts/bench/run.mjs upload      (BENCH_OBJECTS, BENCH_WINDOW_MS to change the size)
import { v5 as uuidv5 } from 'uuid';
import { Secret, createLogger } from '../../sdk';
import { CLOUDS, createPacer, createTokenProvider, createUploadClient, uploadAll, type Pacer } from '../../app/sentinel';
import { startSimProcess } from './sim-process';
import { reportBench } from './report';

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 100_000);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 2000);
const PER_WINDOW = 100;
const BATCH = 100;
/** Sentinel's real window and the pacer's default margin there (0.25 %). */
const REAL_WINDOW_MS = 60_000;
const REAL_MARGIN_MS = 150;

/** `n` schema-valid STIX 2.1 indicators for 10.x.y.z as JSON texts (the shape of tests/helpers/stix-objects.ts). */
function stixTexts(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    return JSON.stringify({
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${uuidv5(`ip-${i}`, '6ba7b811-9dad-11d1-80b4-00c04fd430c8')}`,
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      name: ip,
      pattern: `[ipv4-addr:value = '${ip}']`,
      pattern_type: 'stix',
      valid_from: '2026-01-01T00:00:00.000Z',
    });
  });
}

/** The real pacer, timing each grant until its answer settles it (the time the pacer adds to every window). */
function timedPacer(inner: Pacer): Pacer & { roundTrips: number[] } {
  const roundTrips: number[] = [];
  return {
    roundTrips,
    async acquire(signal) {
      const settle = await inner.acquire(signal);
      const granted = performance.now();
      return () => {
        roundTrips.push(performance.now() - granted);
        settle();
      };
    },
    pauseUntil: (epochMs) => inner.pauseUntil(epochMs),
    get inWindow() {
      return inner.inWindow;
    },
    get pausedUntil() {
      return inner.pausedUntil;
    },
  };
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  const sims = await startSimProcess({ indicators: 1, sentinel: { maxRequests: PER_WINDOW, windowMs: WINDOW_MS } });
  const sim = sims.info.sentinel;
  const logger = createLogger({ level: 'warn' });
  const tokenProvider = createTokenProvider({
    ...sim.credentials,
    clientSecret: new Secret(sim.credentials.clientSecret),
    authorityHost: sim.authorityHost,
    scope: CLOUDS.AzureCloud.scope,
    logger,
    ca: sim.ca,
  });
  const limits = { maxRequestsPerWindow: PER_WINDOW, windowMs: WINDOW_MS };
  // The pacer the client would build itself from these limits, only timed.
  const pacer = timedPacer(createPacer({ maxRequests: PER_WINDOW, windowMs: WINDOW_MS }));
  const client = createUploadClient({
    apiUrl: sim.apiUrl,
    workspaceId: sim.workspaceId,
    sourceSystem: 'ThreatConnect-Bench',
    tokenProvider,
    logger,
    ca: sim.ca,
    limits,
    pacer,
  });
  const texts = stixTexts(OBJECTS);
  await tokenProvider.getToken(); // the token is not part of the pacing
  const started = Date.now();
  const result = await uploadAll(client, texts);
  const elapsedMs = Date.now() - started;
  client.close();
  const stats = await sims.stats();
  await sims.stop();
  if (result.accepted !== OBJECTS || result.failed.length > 0) throw new Error(`only ${result.accepted} of ${OBJECTS} objects were accepted`);

  const requests = Math.ceil(OBJECTS / BATCH);
  const arrivals = stats.acceptedAt;
  // Sentinel counts requests where they arrive. A rolling window lets request j + 100 arrive one window after
  // request j, so each generation of 100 can follow the one before by exactly one window: the time the run
  // actually took per generation (mean arrival of the last full generation against the first's, per generation)
  // is the sustained pace, and window / that is the share of the ceiling used.
  const generations = Math.floor(arrivals.length / PER_WINDOW);
  if (generations < 2) throw new Error('the run needs at least two windows of requests; raise BENCH_OBJECTS');
  const meanArrival = (g: number) => arrivals.slice(g * PER_WINDOW, (g + 1) * PER_WINDOW).reduce((sum, t) => sum + t, 0) / PER_WINDOW;
  const cycleMs = (meanArrival(generations - 1) - meanArrival(0)) / (generations - 1);
  const share = WINDOW_MS / cycleMs;
  // The floor: the first 100 requests at once, 100 more each window, so the last starts this long after the first.
  const floorMs = Math.floor((requests - 1) / PER_WINDOW) * WINDOW_MS;
  // Stricter: first to last arrival against the floor. It also charges the first generation's own spread (4 in
  // flight cannot send 100 requests at one instant) and the first connection's TLS handshake, both once per run.
  const spanMs = (arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0);
  const trips = [...pacer.roundTrips].sort((a, b) => a - b);
  const medianTripMs = trips[Math.floor(trips.length / 2)] ?? 0;
  const marginMs = Math.max(2, WINDOW_MS * 0.0025);
  console.log(
    `${requests} requests, ${generations} generations of ${PER_WINDOW}: one every ${round(cycleMs)} ms against a ${WINDOW_MS} ms window ` +
      `(pacer margin ${marginMs} ms, median grant-to-answer ${round(medianTripMs)} ms); first to last arrival ${round(spanMs / 1000, 2)} s, floor ${floorMs / 1000} s`,
  );
  reportBench('upload pacing', {
    objects: { value: OBJECTS, unit: 'objects' },
    window: { value: WINDOW_MS, unit: 'ms per 100 requests' },
    objectsPerWindow: { value: Math.round(share * PER_WINDOW * BATCH), unit: 'objects per window, sustained (ceiling 10,000)' },
    usedOfCeiling: { value: round(share * 100, 2), unit: '% of the ceiling, sustained', goal: '>= 98' },
    throttled: { value: stats.throttled, unit: '429 answers', goal: '0' },
    elapsed: { value: round(elapsedMs / 1000, 2), unit: 's' },
    floor: { value: floorMs / 1000, unit: 's (limit-imposed minimum)' },
    elapsedOverFloor: { value: round((100 * elapsedMs) / floorMs, 2), unit: '% of the floor' },
    spanShare: { value: round((100 * floorMs) / spanMs, 2), unit: '% = floor / first-to-last arrival' },
    cycleOverWindow: { value: round(cycleMs - WINDOW_MS), unit: 'ms per window lost (margin + round trip + timers)' },
    roundTrip: { value: round(medianTripMs), unit: 'ms median grant-to-answer' },
    // The loss per window is a round trip, timers and the margin; only the margin grows with the window, so at
    // Sentinel's real minute the same loss costs this share.
    projectedAtMinute: {
      value: round((100 * REAL_WINDOW_MS) / (REAL_WINDOW_MS + REAL_MARGIN_MS + (cycleMs - WINDOW_MS - marginMs)), 2),
      unit: '% of the ceiling at a 60 s window (projected)',
    },
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
