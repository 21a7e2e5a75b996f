import type { Job } from '../export/types';

const WIDTH = 30;

/** One terminal line for a running job: a bar, the status and the main counts. */
export function progressLine(job: Pick<Job, 'status' | 'progress' | 'counts'>): string {
  const filled = Math.round(Math.min(1, Math.max(0, job.progress)) * WIDTH);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
  const pct = `${Math.floor(job.progress * 100)}`.padStart(3);
  const c = job.counts;
  return `${bar} ${pct}% ${job.status.padEnd(20)} downloaded ${c.downloaded}  converted ${c.converted}  uploaded ${c.uploaded}`;
}

/** The summary printed when a job ends. */
export function summaryLines(job: Job): string[] {
  const c = job.counts;
  const seconds = job.endedAt ? (Date.parse(job.endedAt) - Date.parse(job.startedAt)) / 1000 : undefined;
  return [
    `Job ${job.requestId} (${job.type}, ${job.mode}): ${job.status}${job.error ? ` — ${job.error}` : ''}`,
    `  downloaded ${c.downloaded}, duplicates dropped ${c.duplicates}`,
    `  converted ${c.converted} STIX objects, ${c.convertErrors} indicators could not be converted`,
    `  uploaded ${c.uploaded}, refreshed ${c.refreshed}, revoked ${c.revoked}, rejected ${c.rejected}`,
    ...(seconds !== undefined ? [`  took ${seconds.toFixed(1)} s`] : []),
  ];
}
