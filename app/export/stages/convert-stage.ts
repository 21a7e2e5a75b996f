import { convertIndicator, stixIdFor, type StixIndicator } from '../../stix';
import type { TcIndicator, TcIndicatorType } from '../../../sdk/threatconnect/types';
import type { EngineContext, JobCheckpoint } from '../engine-context';
import type { JobProgress } from '../job-progress';
import { LineWriter, readLines } from '../staging';
import { downloadFiles, jobFiles } from './job-files';
import { runTask } from './run-task';

/** What the upload stage needs of each object besides the object itself. */
export type ObjectMeta = [
  tcId: number,
  owner: string,
  tcType: string,
  ttlHours: number,
  refresh: 0 | 1,
  stixId: string,
  created: string,
  name: string,
  pattern: string,
];

/** Errors are written in groups, in one transaction each, to keep the convert loop fast. */
const ERROR_FLUSH = 500;

/** Serializes an object without the fields set at upload time (modified, valid_from, valid_until). */
export function stageObject(object: StixIndicator, indicator: TcIndicator, ttlHours: number, refresh: boolean): string {
  const { modified: _m, valid_from: _f, valid_until: _u, ...rest } = object;
  const meta: ObjectMeta = [
    indicator.id,
    indicator.ownerName,
    indicator.type,
    ttlHours,
    refresh ? 1 : 0,
    object.id,
    object.created,
    object.name ?? '',
    object.pattern,
  ];
  return `${JSON.stringify(meta)}\t${JSON.stringify(rest)}`;
}

/**
 * Stage 2: converts every staged indicator to STIX. An indicator that cannot be converted is recorded as an error
 * with its raw contents and the job goes on. Restartable: a resumed job converts again from the start.
 */
export async function runConvertStage(
  ctx: EngineContext,
  requestId: string,
  cp: JobCheckpoint,
  progress: JobProgress,
  signal: AbortSignal,
): Promise<number> {
  const files = jobFiles(ctx.options.outPath, requestId);
  const inputs = downloadFiles(files);
  Object.assign(progress.counts, { converted: 0, convertErrors: 0 });
  ctx.db.prepare("DELETE FROM errors WHERE request_id = ? AND step = 'convert'").run(requestId);
  return runTask(ctx, { name: 'Convert to STIX 2.1', kind: 'convert', requestId }, async () => {
    const writer = new LineWriter(files.objects);
    const now = ctx.now();
    const pendingErrors: Array<{ message: string; raw: unknown }> = [];
    const flushErrors = ctx.db.transaction(() => {
      for (const e of pendingErrors) ctx.errors.add({ requestId, step: 'convert', message: e.message, raw: e.raw });
      pendingErrors.length = 0;
    });
    try {
      for (const [fileIndex, file] of inputs.entries()) {
        let n = 0;
        for await (const line of readLines(file)) {
          if ((++n & 1023) === 0) {
            signal.throwIfAborted();
            progress.stage('convert', (fileIndex + 0.5) / inputs.length);
            progress.tick();
          }
          const [flag, keys, json] = line.split('\t', 3) as [string, string, string];
          const indicator = JSON.parse(json) as TcIndicator;
          const ttl = ctx.options.ttlHours[indicator.type as TcIndicatorType];
          const result = convertIndicator(indicator, { sourceSystem: ctx.options.sourceSystem, ttlHours: ctx.options.ttlHours, now });
          if (!result.ok) {
            progress.add('convertErrors');
            pendingErrors.push({ message: result.error.message, raw: indicator });
            if (pendingErrors.length >= ERROR_FLUSH) flushErrors();
            continue;
          }
          const allowed = keys === '*' ? undefined : new Set((JSON.parse(keys) as string[]).map((k) => stixIdFor(ctx.options.sourceSystem, k)));
          for (const object of result.objects) {
            if (allowed && !allowed.has(object.id)) continue;
            writer.write(stageObject(object, indicator, ttl ?? 0, flag === 'R'));
            progress.add('converted');
          }
        }
      }
      flushErrors();
      writer.close();
    } catch (err) {
      writer.discard();
      throw err;
    }
    cp.objectLines = writer.lines;
    return `${progress.counts.converted} STIX objects, ${progress.counts.convertErrors} indicators could not be converted`;
  }).then(() => cp.objectLines ?? 0);
}
