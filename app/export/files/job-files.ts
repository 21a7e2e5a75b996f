import fs from 'node:fs';
import path from 'node:path';
import { jobDir } from './line-files';

/** The staging files of one job, under `<tc_out_path>/jobs/<requestId>/`. */
export function jobFiles(outPath: string, requestId: string) {
  const dir = jobDir(outPath, requestId);
  return {
    dir,
    /** Ledger entries found to have left the set during a delta (deleted in TC, or no longer matched). */
    removed: path.join(dir, 'removed.ndjson'),
    /** Converted STIX objects: `<meta JSON>\t<object JSON without its timing fields>`. */
    objects: path.join(dir, 'objects.ndjson'),
    /** The objects file of an attempt interrupted while it was being written and uploaded (kept to compare). */
    previousObjects: path.join(dir, 'objects.previous.ndjson'),
    /** Ledger rows of the objects Sentinel accepted, appended per answered batch and merged at the stage's end. */
    sent: path.join(dir, 'sent.ndjson'),
    /** Ledger entries to revoke. */
    revoke: path.join(dir, 'revoke.ndjson'),
  };
}

export type JobFiles = ReturnType<typeof jobFiles>;

/**
 * The revocations a job's guard held back, kept after the job's staging files are gone (until they are confirmed
 * or discarded): `<tc_out_path>/held/<requestId>.ndjson`, ledger entries as planned.
 */
export function heldRevocationsFile(outPath: string, requestId: string): string {
  return path.join(outPath, 'held', `${requestId}.ndjson`);
}

/** Deletions of job directories still running, by directory: a job reopened meanwhile waits for its own. */
const removals = new Map<string, Promise<void>>();

/**
 * Deletes a job's staging directory off the event loop, not awaited by the job (a million objects' files take a
 * second or more to unlink). A job reopened before it ends (held revocations confirmed) first waits for it in
 * {@link jobDirRemoved}, so the deletion cannot take the files the reopened job writes.
 */
export function removeJobDir(outPath: string, requestId: string): Promise<void> {
  const dir = jobDir(outPath, requestId);
  const removal = fs.promises.rm(dir, { recursive: true, force: true }).finally(() => {
    if (removals.get(dir) === removal) removals.delete(dir);
  });
  removals.set(dir, removal);
  return removal;
}

/** Resolves once a deletion of the job's staging directory started by {@link removeJobDir} has ended (or at once). */
export async function jobDirRemoved(outPath: string, requestId: string): Promise<void> {
  await removals.get(jobDir(outPath, requestId))?.catch(() => undefined);
}
