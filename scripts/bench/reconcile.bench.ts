// Reconciliation, and the full update that sends only what changed, at a million indicators. With reconciliation
// on, through the App's own HTTP API, against both simulators in a child process:
//   fill:    a full update of BENCH_RECONCILE_INDICATORS (default 1,000,000) into an empty Sentinel, at Sentinel's
//            limit scaled to 100 requests a second in the simulator and the App alike (as the throttled full-update
//            run scales it); the reconciliation after it lists every object (paced at ARM's real read rate).
//   change:  1% of the ThreatConnect indicators change (their confidence), spread over the set.
//   steady:  a full update of the same set: what it sends against what changed, its upload requests against
//            those of 10,000 changed objects at the ceiling, then the reconciliation after it (the counts agree).
// Peak RSS is sampled from the end of the fill job on (the listing and the steady update), and the lifetime
// peak (the fill job's) is reported beside it.
// Run: node scripts/bench/run.mjs reconcile
import type { ReconcileState } from '../../app/export/export-service';
import { TC_INDICATOR_TYPES } from '../../sdk';
import { peakRssMeter, round, startBenchApp, taskSeconds, timeJob, type Api } from './bench-app';
import { reportBench } from './report';
import { startSimProcess } from './sim-process';

const INDICATORS = Number(process.env.BENCH_RECONCILE_INDICATORS ?? 1_000_000);
const CHANGED_SHARE = 0.01;
/** Sentinel's limit scaled: 100 requests a second instead of a minute. */
const WINDOW_MS = 1000;
const PER_WINDOW = 100;
const BATCH = 100;
/** At Sentinel's real limit, one request costs 0.6 s of the minute's budget. */
const REAL_SECONDS_PER_REQUEST = 60 / PER_WINDOW;
/** What the issue measures the steady update's uploads against: 10,000 changed objects at the ceiling. */
const REFERENCE_OBJECTS = 10_000;

/** Waits for the reconciliation after `afterCheckedAt` to end; returns its summary. */
async function nextReconciliation(api: Api, afterCheckedAt: string | undefined): Promise<NonNullable<ReconcileState['summary']>> {
  for (;;) {
    const state = await api<ReconcileState>('GET', 'api/reconcile');
    if (!state.running && state.summary && state.summary.checkedAt !== afterCheckedAt) return state.summary;
    if (process.env.BENCH_DEBUG) {
      const m = process.memoryUsage();
      console.error(
        'reconciling',
        Object.entries(m)
          .map(([k, v]) => `${k} ${Math.round(v / 2 ** 20)}`)
          .join(' '),
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<void> {
  const sims = await startSimProcess({ indicators: INDICATORS, sentinel: { maxRequests: PER_WINDOW, windowMs: WINDOW_MS, validate: false } });
  const app = await startBenchApp(sims.info, { limits: { maxRequestsPerWindow: PER_WINDOW, windowMs: WINDOW_MS } }, { reconcile: true });
  const { api } = app;
  const peak = peakRssMeter();
  try {
    const query = { owners: sims.info.tc.owners, indicatorTypes: [...TC_INDICATOR_TYPES], tql: 'rating >= 0', sortField: 'dateAdded', sortDirection: 'asc' };
    await api('PUT', 'api/config', { queries: [query], nextUpdate: 'full' });

    const fill = await timeJob(api, 'full');
    const fillPeakMb = Math.round(process.resourceUsage().maxRSS / 1024);
    peak.reset();
    const listStarted = Date.now();
    const listing = await nextReconciliation(api, undefined);
    const listSeconds = (Date.now() - listStarted) / 1000;
    const afterList = await sims.stats();
    if (listing.mode !== 'list' || listing.missing + listing.unknown + listing.altered !== 0 || listing.sentinelCount !== afterList.stored) {
      throw new Error(`the first listing: ${JSON.stringify(listing)}; Sentinel holds ${afterList.stored}`);
    }
    console.log(
      `fill: ${fill.job.counts.uploaded} objects in ${round(fill.seconds)} s; listing: ${listing.sentinelCount} objects, ${listing.requests} requests, ${listing.seconds} s`,
    );

    const listingPeakMb = peak.mb();
    peak.reset();
    const changed = await sims.change(Math.round(INDICATORS * CHANGED_SHARE));
    const before = await sims.stats();
    const steady = await timeJob(api, 'full');
    const after = await sims.stats();
    const check = await nextReconciliation(api, listing.checkedAt);
    const sent = after.uploadedObjects - before.uploadedObjects;
    const requests = after.uploads - before.uploads;
    const { counts } = steady.job;
    console.log(
      `steady: ${changed.length} indicators changed; ${counts.uploaded} objects sent in ${requests} requests, ${counts.current} already current, ${counts.revoked} revoked, ${round(steady.seconds)} s`,
    );
    console.log(`  tasks: ${taskSeconds(steady.job.tasks)}`);
    if (sent !== counts.uploaded || counts.revoked !== 0 || counts.uploaded + counts.current !== fill.job.counts.uploaded) {
      throw new Error(
        `steady: Sentinel received ${sent} objects, the job says ${counts.uploaded} sent, ${counts.current} current, ${counts.revoked} revoked, of ${fill.job.counts.uploaded}`,
      );
    }
    // Objects of the changed indicators: a File may carry up to three hashes, so a little over one each.
    const referenceRequests = Math.ceil(REFERENCE_OBJECTS / BATCH);
    const everything = Math.ceil(fill.job.counts.uploaded / BATCH);
    reportBench('reconcile, first listing', {
      objects: { value: listing.sentinelCount, unit: 'objects Sentinel holds from the App, listed and compared' },
      seconds: { value: round(listSeconds), unit: 's (the App waits on ARM’s read rate of 25 requests/s)' },
      requests: { value: listing.requests, unit: 'management requests (one count, then pages of 1,000)' },
      armFloor: { value: round(listing.requests / 25), unit: 's ARM’s read rate imposes on them' },
      throttled: { value: afterList.managementThrottled, unit: 'management answers of 429', goal: '0' },
      fill: {
        value: round(fill.seconds),
        unit: `s for the full update that filled it (${fill.job.counts.uploaded.toLocaleString('en-US')} objects at 100 requests/s)`,
      },
    });
    reportBench('reconcile, steady full update (1% changed)', {
      changed: { value: changed.length, unit: 'ThreatConnect indicators changed' },
      sent: { value: sent, unit: 'objects Sentinel received (the changed indicators’ objects)' },
      current: { value: counts.current, unit: 'objects counted already current (not sent)' },
      requests: { value: requests, unit: 'upload requests' },
      uploadVsReference: {
        value: round(requests / referenceRequests, 2),
        unit: `× the upload requests of ${REFERENCE_OBJECTS.toLocaleString('en-US')} changed objects at the ceiling`,
        goal: '<= 1.1',
      },
      uploadMinutesReal: {
        value: round((requests * REAL_SECONDS_PER_REQUEST) / 60, 1),
        unit: `min of upload at Sentinel’s real limit (re-sending all: ${round((everything * REAL_SECONDS_PER_REQUEST) / 60, 0)} min)`,
      },
      seconds: { value: round(steady.seconds), unit: 's end to end (reading and converting the million from ThreatConnect included)' },
      checkRequests: {
        value: check.requests,
        unit: `management requests of the reconciliation after it (${check.mode === 'count' ? 'the counts agreed' : 'listed'})`,
      },
      checkSeconds: { value: check.seconds, unit: 's that reconciliation took' },
      listingPeakRss: { value: listingPeakMb, unit: 'MB peak RSS during the first listing', goal: '<= 300' },
      peakRss: { value: peak.mb(), unit: 'MB peak RSS during the steady update and its reconciliation', goal: '<= 300' },
      fillPeakRss: { value: fillPeakMb, unit: 'MB peak RSS during the fill (a first full update of the million)' },
      appCpu: { value: round(steady.appCpuSeconds), unit: 'CPU s in the App process (steady update)' },
    });
  } finally {
    peak.stop();
    await app.stop();
    await sims.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
