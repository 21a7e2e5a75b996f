import { DatabaseSync as Database } from '../../../sdk/state/sqlite';
import { ERRORS_SCHEMA, ErrorStore, MAX_RAW_CHARS } from '../../../sdk/stores/error-store';
import { JOBS_SCHEMA, JobStore } from '../../../sdk/stores/job-store';
import { likeContains, pageBounds } from '../../../sdk/stores/paged-list';
import { TASKS_SCHEMA, TaskStore } from '../../../sdk/stores/task-store';

function openDb() {
  const db = new Database(':memory:');
  db.exec(JOBS_SCHEMA + TASKS_SCHEMA + ERRORS_SCHEMA);
  return db;
}

const counts = { a: 0, b: 0 };

describe('JobStore', () => {
  const db = openDb();
  const jobs = new JobStore<typeof counts, { stage: string }>(db);
  const t0 = Date.parse('2026-01-01T00:00:00.000Z');
  for (let i = 0; i < 25; i++) {
    jobs.create({
      requestId: `job-${String(i).padStart(2, '0')}-${i % 2 ? 'odd' : 'even'}`,
      type: i % 3 === 0 ? 'scheduled' : 'ad-hoc',
      mode: 'full',
      status: i % 2 ? 'Upload Complete' : 'Failed',
      startedAt: new Date(t0 + i * 60_000).toISOString(),
      counts,
      checkpoint: { stage: 'download' },
    });
  }

  it('lists newest first with paging and totals', () => {
    const page = jobs.list({ page: 2, pageSize: 10 });
    expect(page.total).toBe(25);
    expect(page.items).toHaveLength(10);
    expect(page.items[0]!.requestId).toBe('job-14-even');
  });

  it.each([
    [{ type: 'scheduled' }, 9],
    [{ status: ['Failed'] }, 13],
    [{ status: ['Failed', 'Upload Complete'] }, 25],
    [{ requestId: 'ODD' }, 12],
    [{ requestId: '%' }, 0],
    [{ requestId: '_' }, 0],
    [{ type: 'scheduled', status: ['Failed'] }, 5],
  ])('filters %j', (filter, total) => {
    expect(jobs.list(filter).total).toBe(total);
  });

  it('updates counts, progress (clamped), status and checkpoint; tracks unfinished jobs', () => {
    jobs.update('job-00-even', { counts: { a: 3, b: 4 }, progress: 1.5, status: 'Upload In Progress', checkpoint: { stage: 'upload' } });
    const job = jobs.get('job-00-even')!;
    expect(job).toMatchObject({ counts: { a: 3, b: 4 }, progress: 1, status: 'Upload In Progress', checkpoint: { stage: 'upload' }, finished: false });
    expect(jobs.unfinished().length).toBe(25);
    jobs.update('job-00-even', { finished: true, endedAt: new Date(t0).toISOString() });
    expect(jobs.unfinished().map((j) => j.requestId)).not.toContain('job-00-even');
    expect(jobs.get('job-00-even')!.endedAt).toBe(new Date(t0).toISOString());
    // Reopened (held revocations confirmed): running again, without an end.
    jobs.update('job-00-even', { finished: false, endedAt: null });
    expect(jobs.get('job-00-even')!.endedAt).toBeUndefined();
    jobs.update('job-00-even', { finished: true, endedAt: new Date(t0).toISOString() });
  });

  it('deletes only finished jobs older than the cutoff', () => {
    for (const j of jobs.unfinished()) jobs.update(j.requestId, { finished: j.requestId !== 'job-01-odd' });
    const deleted = jobs.deleteFinishedBefore(new Date(t0 + 3 * 60_000).toISOString());
    expect(deleted.sort()).toEqual(['job-00-even', 'job-02-even']);
    expect(jobs.get('job-01-odd')).toBeDefined();
  });
});

describe('TaskStore', () => {
  it('records start, finish with duration, interrupts running tasks, filters and cleans', () => {
    const tasks = new TaskStore(openDb());
    const start = new Date('2026-01-01T00:00:00.000Z');
    const a = tasks.start({ name: 'Download query 1', kind: 'download', requestId: 'r1' }, start);
    const b = tasks.start({ name: 'Cleaner', kind: 'cleaner' }, start);
    tasks.finish(a, 'Completed', '10 indicators', new Date(start.getTime() + 1500));
    expect(tasks.get(a)).toMatchObject({ status: 'Completed', durationMs: 1500, result: '10 indicators', requestId: 'r1' });
    expect(tasks.interruptRunning()).toBe(1);
    expect(tasks.get(b)!.status).toBe('Interrupted');
    expect(tasks.list({ kind: ['download'] }).total).toBe(1);
    expect(tasks.list({ status: ['Interrupted'] }).items[0]!.name).toBe('Cleaner');
    expect(tasks.list({ requestId: 'r' }).total).toBe(1);
    expect(tasks.forJob('r1')).toHaveLength(1);
    expect(tasks.deleteBefore('2026-01-01T00:00:00.001Z')).toBe(2);
  });
});

describe('ErrorStore', () => {
  it('keeps raw contents as JSON, truncates huge ones, filters by request and step', () => {
    const errors = new ErrorStore(openDb());
    errors.add({ requestId: 'r1', step: 'convert', message: 'bad IP', raw: { ip: '999.1.1.1' } });
    errors.add({ requestId: 'r1', step: 'upload', message: 'rejected', raw: 'x'.repeat(MAX_RAW_CHARS * 2) });
    errors.add({ requestId: 'r2', step: 'convert', message: 'bad hash' });
    expect(errors.list({ requestId: 'r1' }).total).toBe(2);
    expect(errors.list({ step: ['convert'] }).total).toBe(2);
    const [huge, ip] = errors.list({ requestId: 'r1' }).items;
    expect((huge!.raw as string).length).toBeLessThan(MAX_RAW_CHARS + 100);
    expect(ip!.raw).toEqual({ ip: '999.1.1.1' });
    expect(errors.countFor('r1', 'convert')).toBe(1);
    expect(errors.deleteBefore('1970-01-01T00:00:00.000Z', ['r2'])).toBe(1);
  });
});

describe('helpers', () => {
  it.each([
    ['50%_\\x', '%50\\%\\_\\\\x%'],
    ['abc', '%abc%'],
  ])('likeContains(%s)', (input, out) => expect(likeContains(input)).toBe(out));

  it.each([
    [{}, { page: 1, pageSize: 20, offset: 0 }],
    [
      { page: 3, pageSize: 10 },
      { page: 3, pageSize: 10, offset: 20 },
    ],
    [
      { page: -1, pageSize: 1000 },
      { page: 1, pageSize: 100, offset: 0 },
    ],
    [
      { page: 2.7, pageSize: 0 },
      { page: 2, pageSize: 1, offset: 1 },
    ],
  ])('pageBounds(%j)', (q, out) => expect(pageBounds(q)).toEqual(out));
});
