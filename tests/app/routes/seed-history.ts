import type { ErrorRecord, Job, JobStatus, Task } from '../../../app/export/types';
import type { FakeExportService } from './fake-export-service';

/** Request ID of the n-th seeded job (1-based). */
export const seededId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const HISTORY: Array<[Job['type'], Job['mode'], JobStatus]> = [
  ['scheduled', 'full', 'Upload Complete'],
  ['scheduled', 'delta', 'Upload Complete'],
  ['ad-hoc', 'full', 'Failed'],
  ['scheduled', 'delta', 'Upload Complete'],
  ['ad-hoc', 'delta', 'Upload Complete'],
];

/**
 * Five finished jobs an hour apart (job 5 newest), each with a download and an upload task, and one conversion
 * error per job; job 3 failed. Also a Cleaner task with no job.
 */
export function seedHistory(fake: FakeExportService): void {
  let id = 1;
  HISTORY.forEach(([type, mode, status], i) => {
    const n = i + 1;
    const startedAt = new Date(Date.UTC(2025, 5, 1, n)).toISOString();
    const endedAt = new Date(Date.UTC(2025, 5, 1, n, 10)).toISOString();
    const uploaded = status === 'Failed' ? 0 : 10 * n;
    const job: Job = {
      requestId: seededId(n),
      type,
      mode,
      status,
      startedAt,
      endedAt,
      ...(status === 'Failed' ? { error: 'Sentinel refused the token' } : {}),
      counts: { downloaded: 12 * n, duplicates: n, converted: 11 * n - 1, convertErrors: 1, uploaded, rejected: 0, revoked: 0, refreshed: 0, current: 0 },
      progress: 1,
    };
    fake.jobs.push(job);
    const task = (name: string, kind: Task['kind'], taskStatus: Task['status']): Task => ({
      id: id++,
      name,
      kind,
      requestId: job.requestId,
      status: taskStatus,
      startedAt,
      endedAt,
      durationMs: 600000,
      result: 'ok',
    });
    fake.tasks.push(task('Download query 1', 'download', 'Completed'), task('Upload batch 1', 'upload', status === 'Failed' ? 'Failed' : 'Completed'));
    const error: ErrorRecord = {
      id: id++,
      time: endedAt,
      requestId: job.requestId,
      step: 'convert',
      message: 'Not an IP address: 999.1.1.1',
      raw: { id: 100 + n, type: 'Address', ip: '999.1.1.1', ownerName: 'ABC-Owner' },
    };
    fake.errors.push(error);
  });
  fake.errors.push({
    id: id++,
    time: new Date(Date.UTC(2025, 5, 1, 3, 5)).toISOString(),
    requestId: seededId(3),
    step: 'upload',
    message: 'HTTP 401',
    raw: { status: 401 },
  });
  const cleanerAt = new Date(Date.UTC(2025, 5, 2)).toISOString();
  fake.tasks.push({
    id: id++,
    name: 'Cleaner',
    kind: 'cleaner',
    status: 'Completed',
    startedAt: cleanerAt,
    endedAt: cleanerAt,
    durationMs: 20,
    result: 'deleted 0 jobs',
  });
}
