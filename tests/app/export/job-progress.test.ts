import { DatabaseSync } from 'node:sqlite';
import { JOBS_SCHEMA, JobStore } from '../../../sdk';
import type { JobCheckpoint } from '../../../app/export/engine-context';
import { emptyCounts } from '../../../app/export/engine-context';
import { JobProgress } from '../../../app/export/job-progress';
import type { JobCounts } from '../../../app/export/types';

// A running job's live view: each stage's progress, the send rate over the last minute, an ETA, and Sentinel's
// throttling, from the job's counts in memory and a clock.
function progressWithClock() {
  const db = new DatabaseSync(':memory:');
  db.exec(JOBS_SCHEMA);
  const store = new JobStore<JobCounts, JobCheckpoint>(db);
  store.create({
    requestId: 'job-1',
    type: 'ad-hoc',
    mode: 'full',
    status: 'Download In Progress',
    counts: emptyCounts(),
    startedAt: '2026-12-07T00:00:00.000Z',
  } as never);
  const clock = { now: 1_000_000 };
  const progress = new JobProgress(store, 'job-1', emptyCounts(), 0, 500, () => clock.now);
  return { progress, clock };
}

it("tells each stage's progress and the latest stage that has started", () => {
  const { progress } = progressWithClock();
  expect(progress.live()).toMatchObject({ stage: 'download', stages: { download: 0, convert: 0, upload: 0, revoke: 0 } });
  progress.stage('download', 0.5);
  progress.stage('upload', 0.2);
  progress.stage('download', 0.75); // download goes on beside the upload
  expect(progress.live()).toMatchObject({ stage: 'upload', stages: { download: 0.75, upload: 0.2 } });
});

it('tells the rate over the last minute and the time to send what is converted', () => {
  const { progress, clock } = progressWithClock();
  progress.counts.converted = 10_000;
  expect(progress.live().objectsPerMinute).toBe(0); // nothing to tell from yet
  for (let s = 1; s <= 30; s++) {
    clock.now += 1000;
    progress.add('uploaded', 100); // 100 objects a second: 6,000 a minute
    progress.tick();
  }
  const live = progress.live({ ceilingPerMinute: 10_000 });
  expect(live.objectsPerMinute).toBe(6000);
  expect(live.ceilingPerMinute).toBe(10_000);
  expect(live.etaSeconds).toBe(70); // 7,000 left at 100 a second
  // Objects already current in Sentinel are never sent: they are not waited for.
  progress.counts.current = 6000;
  expect(progress.live().etaSeconds).toBe(10);
  // A minute later with nothing sent, the rate has fallen to nothing and no ETA is told.
  clock.now += 61_000;
  progress.tick();
  expect(progress.live()).toMatchObject({ objectsPerMinute: 0 });
  expect(progress.live().etaSeconds).toBeUndefined();
});

it('says until when Sentinel throttles, only while it does', () => {
  const { progress, clock } = progressWithClock();
  expect(progress.live({ pausedUntil: clock.now + 5000 }).throttledUntil).toBe(new Date(clock.now + 5000).toISOString());
  expect(progress.live({ pausedUntil: clock.now - 1 }).throttledUntil).toBeUndefined();
});

it('never tells a rate above the ceiling: a burst over a short span is paced back within the window', () => {
  const { progress, clock } = progressWithClock();
  for (let s = 1; s <= 5; s++) {
    clock.now += 1000;
    progress.add('uploaded', 1000); // 100 requests at once, as a 20 s window lets them out
    progress.tick();
  }
  expect(progress.live().objectsPerMinute).toBe(60_000);
  expect(progress.live({ ceilingPerMinute: 30_000 }).objectsPerMinute).toBe(30_000);
});
