import fs from 'node:fs';
import path from 'node:path';
import { changes, transaction } from '../../../sdk';
import type { EngineContext } from '../engine-context';
import { runTask } from '../run-task';

/**
 * The Cleaner: deletes jobs, their tasks, errors and staging files older than `retention_days`, plus staging
 * directories of jobs that no longer need them. Jobs still running or waiting to resume are never touched.
 */
export async function runCleaner(ctx: EngineContext): Promise<string> {
  return runTask(ctx, { name: 'Cleaner', kind: 'cleaner' }, async () => {
    const cutoff = new Date(ctx.now().getTime() - ctx.options.retentionDays * 86_400_000).toISOString();
    const { jobs, tasks, errors, batches } = transaction(ctx.db, () => {
      const ids = ctx.jobs.deleteFinishedBefore(cutoff);
      const del = ctx.db.prepare('DELETE FROM job_batches WHERE request_id = ?');
      let b = 0;
      for (const id of ids) b += changes(del.run(id));
      return { jobs: ids.length, tasks: ctx.tasks.deleteBefore(cutoff, ids), errors: ctx.errors.deleteBefore(cutoff, ids), batches: b };
    })();
    const files = removeStaleStaging(ctx);
    return `Deleted ${jobs} jobs, ${tasks} tasks, ${errors} errors, ${batches} batch records, ${files} staging folders`;
  });
}

/** Staging folders are needed only by unfinished jobs (to resume) and recent failed ones (to inspect). */
function removeStaleStaging(ctx: EngineContext): number {
  const root = path.join(ctx.options.outPath, 'jobs');
  if (!fs.existsSync(root)) return 0;
  let removed = 0;
  for (const name of fs.readdirSync(root)) {
    const job = ctx.jobs.get(name);
    if (job && !job.finished) continue;
    if (job && job.status === 'Failed') continue; // kept until the job itself passes retention
    fs.rmSync(path.join(root, name), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}
