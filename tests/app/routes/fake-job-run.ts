import { convertIndicator } from '../../../app/stix';
import { JOB_STATUSES, type ErrorRecord, type JobCounts, type JobStatus, type QueryConfig, type Task } from '../../../app/export/types';
import type { TcIndicator, TcIndicatorType } from '../../../sdk/threatconnect/types';
import { SEED_INDICATORS } from './seed-data';

const TTL = 24 * 30;
export const CONVERT_OPTIONS = {
  sourceSystem: 'ThreatConnect-Test',
  ttlHours: { Address: TTL, CIDR: TTL, Host: TTL, File: TTL, URL: TTL, ASN: TTL, EmailAddress: TTL, 'Email Subject': TTL, 'Registry Key': TTL } as Record<
    TcIndicatorType,
    number
  >,
};

/** The seeded indicators one query configuration matches (its TQL is not interpreted). */
export function matchingIndicators(q: QueryConfig): TcIndicator[] {
  return SEED_INDICATORS.filter((i) => q.owners.includes(i.ownerName) && (q.indicatorTypes as string[]).includes(i.type));
}

/** What a job over `queries` downloads, drops as duplicates, converts and fails to convert. */
export function simulateExport(queries: QueryConfig[], now: Date) {
  const seen = new Set<string>();
  const kept: TcIndicator[] = [];
  let downloaded = 0;
  for (const q of queries) {
    for (const i of matchingIndicators(q)) {
      downloaded += 1;
      const key = `${i.type}\n${i.summary}`;
      if (!seen.has(key)) kept.push(i);
      seen.add(key);
    }
  }
  const failures: Array<{ indicator: TcIndicator; message: string }> = [];
  let converted = 0;
  for (const i of kept) {
    const r = convertIndicator(i, { ...CONVERT_OPTIONS, now });
    if (r.ok) converted += 1;
    else failures.push({ indicator: i, message: r.error.message });
  }
  return { downloaded, duplicates: downloaded - kept.length, converted, failures };
}

/** The status after `status` in a job's normal course (the last one stays). */
export function nextStatus(status: JobStatus): JobStatus {
  const i = JOB_STATUSES.indexOf(status);
  return i >= 0 && i < JOB_STATUSES.indexOf('Upload Complete') ? (JOB_STATUSES[i + 1] as JobStatus) : status;
}

/** Counts, tasks and errors a job has once it reaches `status`. */
export function jobEffects(status: JobStatus, result: ReturnType<typeof simulateExport>, requestId: string, at: string) {
  const counts: Partial<JobCounts> = {};
  const tasks: Array<Omit<Task, 'id'>> = [];
  const errors: Array<Omit<ErrorRecord, 'id'>> = [];
  const done = (name: string, kind: Task['kind'], text: string) =>
    tasks.push({ name, kind, requestId, status: 'Completed', startedAt: at, endedAt: at, durationMs: 0, result: text });
  if (status === 'Download Complete') {
    Object.assign(counts, { downloaded: result.downloaded, duplicates: result.duplicates });
    done('Download query 1', 'download', `${result.downloaded} indicators`);
  }
  if (status === 'Convert Complete') {
    Object.assign(counts, { converted: result.converted, convertErrors: result.failures.length });
    done('Convert', 'convert', `${result.converted} converted, ${result.failures.length} errors`);
    for (const f of result.failures) errors.push({ time: at, requestId, step: 'convert', message: f.message, raw: f.indicator });
  }
  if (status === 'Upload Complete') {
    Object.assign(counts, { uploaded: result.converted });
    done('Upload batch 1', 'upload', `${result.converted} uploaded`);
  }
  return { counts, tasks, errors };
}
