import fs from 'node:fs';
import path from 'node:path';
import { jobDir } from '../staging';

/** The staging files of one job, under `<tc_out_path>/jobs/<requestId>/`. */
export function jobFiles(outPath: string, requestId: string) {
  const dir = jobDir(outPath, requestId);
  return {
    dir,
    /** Kept (deduplicated) TC indicators of configuration `index`: `<flag>\t<keys>\t<indicator JSON>`. */
    download: (index: number) => path.join(dir, `download-${String(index).padStart(3, '0')}.ndjson`),
    /** Kept indicators re-fetched for keep-alive. */
    refresh: path.join(dir, 'refresh.ndjson'),
    /** Ledger entries found to have left the set during a delta (deleted in TC, or no longer matched). */
    removed: path.join(dir, 'removed.ndjson'),
    /** Converted STIX objects: `<meta JSON>\t<object JSON without its timing fields>`. */
    objects: path.join(dir, 'objects.ndjson'),
    /** Ledger rows of the objects Sentinel accepted, appended per answered batch and merged at the stage's end. */
    sent: path.join(dir, 'sent.ndjson'),
    /** Ledger entries to revoke. */
    revoke: path.join(dir, 'revoke.ndjson'),
  };
}

export type JobFiles = ReturnType<typeof jobFiles>;

/** The download files of a job in configuration order, then the keep-alive file. */
export function downloadFiles(files: JobFiles): string[] {
  if (!fs.existsSync(files.dir)) return [];
  const configs = fs
    .readdirSync(files.dir)
    .filter((f) => /^download-\d+\.ndjson$/.test(f))
    .sort()
    .map((f) => path.join(files.dir, f));
  return fs.existsSync(files.refresh) ? [...configs, files.refresh] : configs;
}
