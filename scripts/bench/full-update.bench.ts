// A full update end to end through the App's own HTTP API (PUT api/config, POST api/jobs, GET api/jobs/:id):
// the real service (engine, SQLite state, staging files, upload client) in this process exports every indicator
// of the ThreatConnect simulator to the Sentinel simulator. Both simulators run in a child process, so this
// process's peak RSS and CPU are the App's (plus a little polling).
//   unthrottled: BENCH_INDICATORS (default 1,000,000) with Sentinel's throttle lifted (simulator and App):
//                indicators/s end to end, total seconds, peak RSS, time per stage.
//   steady state: then a second full update of the same App with BENCH_STEADY_TQL (default `rating >= 1`, about
//                five sixths of the set): everything sent again into a ledger that holds it all, and the rest
//                revoked; its time, what it revoked, and the peak RSS sampled during that job.
//   throttled:   BENCH_THROTTLED_INDICATORS (default 100,000) with Sentinel's limit scaled to 100 requests per
//                second, in the simulator and in the App alike: total time against the floor the limit imposes.
// BENCH_VALIDATE=1 makes the simulator check every object against the OASIS schemas in the unthrottled run too
// (off by default: at a million objects that is the simulator's work, not the App's, on the same two cores).
// Either count set to 0 skips that run.
// Run: node scripts/bench/run.mjs full-update
import type { SentinelLimits } from '../../app/sentinel';
import { TC_INDICATOR_TYPES } from '../../sdk';
import { peakRssMeter, round, startBenchApp, taskSeconds, taskSecondsOf, timeJob, type TimedJob } from './bench-app';
import { reportBench } from './report';
import { startSimProcess, type SimsStats } from './sim-process';

const UNTHROTTLED = Number(process.env.BENCH_INDICATORS ?? 1_000_000);
const THROTTLED = Number(process.env.BENCH_THROTTLED_INDICATORS ?? 100_000);
const VALIDATE = process.env.BENCH_VALIDATE === '1';
/** The steady-state run's TQL: a second full update of a smaller set (BENCH_STEADY_TQL= skips it). */
const STEADY_TQL = process.env.BENCH_STEADY_TQL ?? 'rating >= 1';
const THROTTLED_WINDOW_MS = 1000;
const PER_WINDOW = 100;
const BATCH = 100;
const UNLIMITED = 1_000_000_000;

interface RunResult extends TimedJob {
  sims: SimsStats;
  /** Peak RSS of this process during the run (peakRssMeter). */
  jobPeakRssMb: number;
  /** This process's lifetime peak RSS when the (first) job ended. */
  peakRssMb: number;
  /** The second, steady-state full update, if one was asked for (its peak RSS measured during that job alone). */
  steady?: TimedJob & { jobPeakRssMb: number; stored: number };
}

/**
 * A full update of `indicators` into an empty Sentinel; with `steadyTql`, then a second full update with that TQL
 * (a smaller set): everything sent again, into a ledger that holds it all, and what left the set revoked.
 */
async function runFullUpdate(indicators: number, sentinel: Record<string, unknown>, limits: Partial<SentinelLimits>, steadyTql?: string): Promise<RunResult> {
  const sims = await startSimProcess({ indicators, sentinel });
  const app = await startBenchApp(sims.info, { limits });
  const { api } = app;
  const peak = peakRssMeter();
  peak.reset();
  try {
    const query = (tql: string) => ({
      owners: sims.info.tc.owners,
      indicatorTypes: [...TC_INDICATOR_TYPES],
      tql,
      sortField: 'dateAdded',
      sortDirection: 'asc',
    });
    await api('PUT', 'api/config', { queries: [query('rating >= 0')], nextUpdate: 'full' });
    const simsBefore = await sims.stats();
    const first = await timeJob(api, 'full');
    const simsAfter = await sims.stats();
    // The simulators' CPU during the job alone (not their start, which renders the ThreatConnect pages).
    const simsDuring = { ...simsAfter, cpuSeconds: simsAfter.cpuSeconds - simsBefore.cpuSeconds };
    // Lifetime peak of this process: the unthrottled run comes first, so this is its first job's peak.
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const result: RunResult = { ...first, sims: simsDuring, jobPeakRssMb: peak.mb(), peakRssMb };
    if (steadyTql) {
      await api('PUT', 'api/config', { queries: [query(steadyTql)], nextUpdate: 'full' });
      peak.reset();
      const second = await timeJob(api, 'full');
      result.steady = { ...second, jobPeakRssMb: peak.mb(), stored: (await sims.stats()).stored };
    }
    return result;
  } finally {
    peak.stop();
    await app.stop();
    await sims.stop();
  }
}

/** Seconds (or bytes) between two statuses the job went through. */
function between(stages: Record<string, number>, from: string, to: string): number {
  return round((stages[to] ?? 0) - (stages[from] ?? 0));
}

/** MB written to storage between two statuses. */
const writtenMb = (run: TimedJob, from: string, to: string) => Math.round(between(run.written, from, to) / 2 ** 20);

async function unthrottled(): Promise<void> {
  const free = await runFullUpdate(UNTHROTTLED, { maxRequests: UNLIMITED, validate: VALIDATE }, { maxRequestsPerWindow: UNLIMITED }, STEADY_TQL || undefined);
  if (free.sims.stored !== free.job.counts.uploaded) throw new Error(`Sentinel holds ${free.sims.stored} objects, the job says ${free.job.counts.uploaded}`);
  console.log(`unthrottled: ${free.job.counts.downloaded} indicators in ${round(free.seconds)} s; statuses at ${JSON.stringify(free.stages)}`);
  console.log(`  tasks: ${taskSeconds(free.job.tasks)}`);
  console.log(
    `  CPU: App ${round(free.appCpuSeconds)} s, simulators ${round(free.sims.cpuSeconds)} s (peak RSS ${free.sims.peakRssMb} MB); validation ${VALIDATE ? 'on' : 'off'}`,
  );
  const goals = UNTHROTTLED >= 1_000_000;
  reportBench('full update, unthrottled', {
    indicators: { value: free.job.counts.downloaded, unit: 'indicators downloaded' },
    objects: { value: free.job.counts.uploaded, unit: 'STIX objects uploaded' },
    seconds: {
      value: round(free.seconds),
      unit: 's end to end (at Sentinel limits a million objects take at least 6,000 s)',
      ...(goals ? { goal: '<= 120' } : {}),
    },
    rate: { value: Math.round(free.job.counts.downloaded / free.seconds), unit: 'indicators/s end to end' },
    // Conversion runs alongside the download (on a worker thread): the two tasks overlap.
    download: { value: taskSecondsOf(free.job.tasks, 'download'), unit: 's in download tasks (dedupe)' },
    convert: { value: taskSecondsOf(free.job.tasks, 'convert'), unit: 's in the convert task (alongside the download)' },
    downloadConvert: { value: between(free.stages, 'Download In Progress', 'Upload In Progress'), unit: 's until every object was converted' },
    // The upload task starts with the job and sends objects as they are converted.
    upload: { value: taskSecondsOf(free.job.tasks, 'upload'), unit: 's in the upload task (alongside download and conversion, then the ledger)' },
    afterConversion: {
      value: between(free.stages, 'Upload In Progress', 'Upload Complete'),
      unit: 's from the last object converted to the end (last batches, ledger update)',
    },
    convertWrites: { value: writtenMb(free, 'Download In Progress', 'Upload In Progress'), unit: 'MB written until every object was converted' },
    uploadWrites: { value: writtenMb(free, 'Upload In Progress', 'Upload Complete'), unit: 'MB written after that' },
    peakRss: { value: free.peakRssMb, unit: 'MB peak RSS of the App process', ...(goals ? { goal: '<= 300' } : {}) },
    appCpu: { value: round(free.appCpuSeconds), unit: 'CPU s in the App process' },
    simsCpu: { value: round(free.sims.cpuSeconds), unit: 'CPU s in the simulators process during the job' },
    // How long the App's HTTP API could not answer at worst (its event loop held up by one piece of work).
    loopDelayMax: { value: free.loopDelayMs.max, unit: 'ms longest event-loop delay during the job' },
    loopDelayP99: { value: free.loopDelayMs.p99, unit: 'ms event-loop delay, 99th percentile' },
  });
  const steady = free.steady;
  if (!steady) return;
  // The set shrank: nothing new reaches Sentinel, everything of the smaller set is sent again, the rest revoked.
  const { counts } = steady.job;
  if (steady.stored !== free.job.counts.uploaded || counts.uploaded + counts.revoked !== free.job.counts.uploaded) {
    throw new Error(
      `steady state: Sentinel holds ${steady.stored} objects; the job sent ${counts.uploaded} and revoked ${counts.revoked} of ${free.job.counts.uploaded}`,
    );
  }
  console.log(`steady state (${STEADY_TQL}): ${counts.downloaded} indicators in ${round(steady.seconds)} s; statuses at ${JSON.stringify(steady.stages)}`);
  console.log(`  tasks: ${taskSeconds(steady.job.tasks)}`);
  reportBench('full update, steady state', {
    indicators: { value: counts.downloaded, unit: `indicators downloaded (${STEADY_TQL})` },
    objects: { value: counts.uploaded, unit: 'STIX objects sent again' },
    revoked: { value: counts.revoked, unit: 'STIX objects revoked (left the set)' },
    seconds: { value: round(steady.seconds), unit: 's end to end' },
    rate: { value: Math.round(counts.downloaded / steady.seconds), unit: 'indicators/s end to end' },
    upload: { value: taskSecondsOf(steady.job.tasks, 'upload'), unit: 's in the upload task (ledger update into a full ledger included)' },
    revoke: { value: taskSecondsOf(steady.job.tasks, 'revoke'), unit: 's in the revoke task (plan and send)' },
    peakRss: { value: steady.jobPeakRssMb, unit: 'MB peak RSS during this job' },
    appCpu: { value: round(steady.appCpuSeconds), unit: 'CPU s in the App process' },
    loopDelayMax: { value: steady.loopDelayMs.max, unit: 'ms longest event-loop delay during the job' },
  });
}

async function throttled(): Promise<void> {
  const paced = await runFullUpdate(
    THROTTLED,
    { maxRequests: PER_WINDOW, windowMs: THROTTLED_WINDOW_MS, validate: true },
    { maxRequestsPerWindow: PER_WINDOW, windowMs: THROTTLED_WINDOW_MS },
  );
  const requests = Math.ceil(paced.job.counts.uploaded / BATCH);
  // The floor the limit imposes: ceil(objects / 100 / 100) windows.
  const floor = (Math.ceil(requests / PER_WINDOW) * THROTTLED_WINDOW_MS) / 1000;
  // The upload task runs alongside download and conversion: its whole duration against the floor.
  const upload = taskSecondsOf(paced.job.tasks, 'upload');
  console.log(`throttled: ${paced.job.counts.uploaded} objects in ${round(paced.seconds)} s; statuses at ${JSON.stringify(paced.stages)}`);
  console.log(`  tasks: ${taskSeconds(paced.job.tasks)}`);
  reportBench('full update, throttled (100 requests/s)', {
    objects: { value: paced.job.counts.uploaded, unit: 'STIX objects uploaded' },
    seconds: { value: round(paced.seconds), unit: 's end to end' },
    floor: { value: floor, unit: 's the limit imposes' },
    overFloor: { value: Math.round((paced.seconds / floor) * 100), unit: '% of the floor, end to end' },
    upload: { value: upload, unit: 's in the upload task' },
    uploadOverFloor: { value: Math.round((upload / floor) * 100), unit: '% of the floor, upload task alone' },
    throttled: { value: paced.sims.throttled, unit: '429 answers', goal: '0' },
  });
}

async function main(): Promise<void> {
  if (UNTHROTTLED > 0) await unthrottled();
  if (THROTTLED > 0) await throttled();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
