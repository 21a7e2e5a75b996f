import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jobDirRemoved, jobFiles, removeJobDir } from '../../../app/export/files/job-files';

// A job's end deletes its staging directory without waiting; a job reopened at once (held revocations confirmed)
// must not have the file it writes taken by that deletion.
it('a job reopened while its directory is being deleted writes after the deletion ends', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'job-files-'));
  try {
    const files = jobFiles(out, 'job-1');
    fs.mkdirSync(files.dir, { recursive: true });
    for (let i = 0; i < 2000; i++) fs.writeFileSync(path.join(files.dir, `part-${i}.ndjson`), 'x\n');
    const removal = removeJobDir(out, 'job-1');
    await jobDirRemoved(out, 'job-1');
    expect(fs.existsSync(files.dir)).toBe(false);
    fs.mkdirSync(files.dir, { recursive: true });
    fs.writeFileSync(files.revoke, '{}\n');
    await removal;
    expect(fs.readFileSync(files.revoke, 'utf8')).toBe('{}\n');
    await jobDirRemoved(out, 'job-1'); // none running: at once
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

it('deleting a directory that is not there, and waiting for it, both end quietly', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'job-files-'));
  try {
    await expect(removeJobDir(out, 'never-made')).resolves.toBeUndefined();
    await expect(jobDirRemoved(out, 'never-made')).resolves.toBeUndefined();
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
