import fs from 'node:fs';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

/**
 * Makes every file this process creates from now on readable by its own user only (0600, folders 0700): the
 * process's umask. For a process that is the service (app.js, the export CLI), set first thing.
 */
export function createPrivateFiles(): void {
  if (isMainThread) process.umask(0o077);
}

/**
 * Brings the folders the service was given (state, logs, scratch) and what is already in them down to their owner
 * alone (the state database holds the ledger and the configuration; logs and staging files hold intelligence).
 * @example keepFilesPrivate([paths.out, paths.temp, paths.log]);
 */
export function keepFilesPrivate(folders: ReadonlyArray<string | undefined>): void {
  for (const folder of folders) {
    if (!folder) continue;
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    restrict(folder, 2);
  }
}

/** chmod go-rwx on `target` and, `depth` levels down, what it holds (files owned by others are left alone). */
function restrict(target: string, depth: number): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch {
    return;
  }
  if (stat.isSymbolicLink() || (typeof process.getuid === 'function' && stat.uid !== process.getuid())) return;
  if ((stat.mode & 0o077) !== 0) fs.chmodSync(target, stat.mode & 0o700);
  if (stat.isDirectory() && depth > 0) for (const entry of fs.readdirSync(target)) restrict(path.join(target, entry), depth - 1);
}
