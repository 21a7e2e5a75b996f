import { bundledWorkerScript, startConverter, type Converter } from '../convert/converter';
import type { ConvertFailure } from '../convert/convert-line';
import type { EngineContext, JobCheckpoint } from '../engine-context';
import type { JobProgress } from '../job-progress';
import { jobFiles } from './job-files';
import { runTask } from './run-task';

export type { ObjectMeta } from '../convert/convert-line';

/** Failures are written in groups, in one transaction each, to keep conversion fast. */
const ERROR_FLUSH = 500;

/** Where the download stage hands each page, with what dedupe kept of it, for conversion. */
export type ConversionSink = Pick<Converter, 'pushPage'>;

export interface Conversion extends ConversionSink {
  /** Waits for the last objects to be written and closes the objects file; records its line count. */
  finish(): Promise<number>;
  /** The download failed or was stopped: conversion stops and its output is removed. */
  abandon(reason: unknown): Promise<void>;
}

/**
 * Stage 2, run alongside the download: converts every kept indicator to STIX as it arrives (on a worker thread
 * when the App runs from its bundle), writing the objects file the upload stage sends. An indicator that cannot be
 * converted is recorded as an error with its raw contents and the job goes on. Nothing is staged in between, so
 * a resumed job downloads and converts again from the start.
 */
export function startConversion(ctx: EngineContext, requestId: string, cp: JobCheckpoint, progress: JobProgress): Conversion {
  const files = jobFiles(ctx.options.outPath, requestId);
  Object.assign(progress.counts, { converted: 0, convertErrors: 0 });
  ctx.db.prepare("DELETE FROM errors WHERE request_id = ? AND step = 'convert'").run(requestId);
  const pendingErrors: ConvertFailure[] = [];
  const flushErrors = ctx.db.transaction(() => {
    for (const e of pendingErrors) ctx.errors.add({ requestId, step: 'convert', message: e.message, raw: e.raw });
    pendingErrors.length = 0;
  });
  const workerScript = ctx.options.convertWorkerScript === undefined ? bundledWorkerScript() : ctx.options.convertWorkerScript || undefined;
  const converter = startConverter({
    file: files.objects,
    settings: { sourceSystem: ctx.options.sourceSystem, ttlHours: ctx.options.ttlHours, now: ctx.now().toISOString() },
    ...(workerScript ? { workerScript } : {}),
    onConverted: (objects) => progress.add('converted', objects),
    onFailures(failures) {
      progress.add('convertErrors', failures.length);
      pendingErrors.push(...failures);
      if (pendingErrors.length >= ERROR_FLUSH) flushErrors();
    },
  });
  let settle!: { resolve(summary: string): void; reject(reason: unknown): void };
  const task = runTask(ctx, { name: 'Convert to STIX 2.1', kind: 'convert', requestId }, () => new Promise<string>((resolve, reject) => (settle = { resolve, reject })));
  task.catch(() => undefined); // the outcome is awaited through finish() or abandon()
  return {
    pushPage: (page, kept, refresh) => converter.pushPage(page, kept, refresh),
    async finish() {
      let lines: number;
      try {
        lines = await converter.finish();
        flushErrors();
      } catch (err) {
        await converter.discard();
        settle.reject(err);
        throw err;
      }
      cp.objectLines = lines;
      const c = progress.counts;
      settle.resolve(`${c.converted} STIX objects, ${c.convertErrors} indicators could not be converted${converter.threaded ? ' (on a worker thread)' : ''}`);
      await task;
      return lines;
    },
    async abandon(reason) {
      await converter.discard();
      settle.reject(reason);
      await task.catch(() => undefined);
    },
  };
}
