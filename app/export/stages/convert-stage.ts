import fs from 'node:fs';
import { transaction } from '../../../sdk';
import { bundledWorkerScript, startConverter, type Converter } from '../convert/converter';
import { convertSettings, type ConvertFailure } from '../convert/convert-line';
import type { PageResult } from '../convert/page-processor';
import type { EngineContext, JobCheckpoint } from '../engine-context';
import type { JobProgress } from '../job-progress';
import { FileGrowth } from '../files/line-files';
import { jobFiles } from '../files/job-files';
import { runTask } from '../run-task';

/** Failures are written in groups, in one transaction each, to keep conversion fast. */
const ERROR_FLUSH = 500;

/**
 * What a download's pages are: a configuration read (`read`), the same read's second look at what changed while it
 * ran (`catch-up`: what it finds again is no duplicate worth counting), or keep-alive's re-fetch (`refresh`).
 */
export type PageKind = 'read' | 'catch-up' | 'refresh';

/** What the download stage hands pages to (as bytes) and learns back from: per-configuration tallies. */
export interface ConversionSink extends Pick<Converter, 'page' | 'drain'> {
  /** Starts counting afresh for the next download, whose pages are of `kind`, from `origin` (its configuration). */
  tally(kind: PageKind, origin?: string): DownloadTally;
}

/** What came of the pages of one download, filled in as they are converted (complete after `drain`). */
export interface DownloadTally {
  received: number;
  duplicates: number;
  /** ThreatConnect ids of the indicators re-fetched by keep-alive. */
  found: Set<number>;
}

export interface Conversion extends ConversionSink {
  /** How far the objects file has got: the upload stage sends its objects while conversion goes on. */
  readonly growth: FileGrowth;
  /** Waits for the last objects to be written and closes the objects file; records its line count. */
  finish(): Promise<number>;
  /**
   * The download failed or was stopped: conversion stops and its output is removed, or, with `keep`, closed as it
   * is (what a resumed job compares its new objects with, to skip the batches it sent already).
   */
  abandon(reason: unknown, keep?: boolean): Promise<void>;
}

/**
 * Stage 2, run alongside the download: reads each page of indicators as it arrives, keeps the first copy of each
 * value (configurations in order) and converts what it keeps to STIX, on a worker thread when the App runs from
 * its bundle, writing the objects file the upload stage sends. An indicator that cannot be converted is recorded
 * as an error with its raw contents and the job goes on. Nothing is staged in between, so a resumed job
 * downloads and converts again from the start.
 */
export function startConversion(ctx: EngineContext, requestId: string, cp: JobCheckpoint, progress: JobProgress): Conversion {
  const files = jobFiles(ctx.options.outPath, requestId);
  Object.assign(progress.counts, { converted: 0, convertErrors: 0 });
  ctx.db.prepare("DELETE FROM errors WHERE request_id = ? AND step = 'convert'").run(requestId);
  const pendingErrors: Array<ConvertFailure & { origin?: string }> = [];
  let origin: string | undefined;
  const flushErrors = transaction(ctx.db, () => {
    for (const e of pendingErrors) ctx.errors.add({ requestId, step: 'convert', message: e.message, raw: e.raw, ...(e.origin ? { origin: e.origin } : {}) });
    pendingErrors.length = 0;
  });
  const workerScript = ctx.options.convertWorkerScript === undefined ? bundledWorkerScript() : ctx.options.convertWorkerScript || undefined;
  let tally: DownloadTally = { received: 0, duplicates: 0, found: new Set() };
  let kind: PageKind = 'read';
  const growth = new FileGrowth();
  const onPage = (page: PageResult) => {
    if (page.fileBytes !== undefined) growth.grew(page.fileBytes);
    tally.received += page.received;
    tally.duplicates += page.duplicates;
    if (page.ids) for (const id of page.ids) tally.found.add(id);
    else if (kind === 'catch-up') progress.add('downloaded', page.received - page.duplicates);
    else {
      progress.add('downloaded', page.received);
      progress.add('duplicates', page.duplicates);
    }
    progress.add('converted', page.objects);
    if (page.failures.length > 0) {
      progress.add('convertErrors', page.failures.length);
      pendingErrors.push(...page.failures.map((f) => (origin ? { ...f, origin } : f)));
      if (pendingErrors.length >= ERROR_FLUSH) flushErrors();
    }
  };
  const converter = startConverter({
    file: files.objects,
    // The job's start, not the clock: a resumed job converts the same indicators to the very same bytes.
    settings: convertSettings(ctx.options, cp.runStart),
    ...(workerScript ? { workerScript } : {}),
    onPage,
  });
  let settle!: { resolve(summary: string): void; reject(reason: unknown): void };
  const task = runTask(
    ctx,
    { name: 'Convert to STIX 2.1', kind: 'convert', requestId },
    () => new Promise<string>((resolve, reject) => (settle = { resolve, reject })),
  );
  task.catch(() => undefined); // the outcome is awaited through finish() or abandon()
  return {
    growth,
    page: (body, refresh) => converter.page(body, refresh),
    drain: () => converter.drain(),
    tally: (next, from) => {
      // Downloads run one after another, each drained before the next: a page's failures are its download's.
      kind = next;
      origin = from;
      return (tally = { received: 0, duplicates: 0, found: new Set() });
    },
    async finish() {
      let lines: number;
      try {
        lines = await converter.finish();
        flushErrors();
      } catch (err) {
        growth.fail(err);
        await converter.discard();
        settle.reject(err);
        throw err;
      }
      cp.objectLines = lines;
      growth.end(fs.statSync(files.objects).size);
      const c = progress.counts;
      settle.resolve(`${c.converted} STIX objects, ${c.convertErrors} indicators could not be converted${converter.threaded ? ' (on a worker thread)' : ''}`);
      await task;
      return lines;
    },
    async abandon(reason, keep = false) {
      growth.fail(reason);
      if (keep) await converter.finish().catch(() => converter.discard());
      else await converter.discard();
      settle.reject(reason);
      await task.catch(() => undefined);
    },
  };
}
