import { describeFailure } from './describe-failure';
import type { EngineContext } from './engine-context';
import type { TaskKind } from './types';

/** Whether an error is the abort of a shutting-down service rather than a failure. */
export function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/**
 * Runs one task of a job, recording its start, end, duration and a short result; on failure the task is marked
 * Failed (or Interrupted when the service is stopping) and the error goes on.
 */
export async function runTask(
  ctx: Pick<EngineContext, 'tasks' | 'logger'>,
  task: { name: string; kind: TaskKind; requestId?: string },
  fn: (taskId: number) => Promise<string>,
): Promise<string> {
  const id = ctx.tasks.start(task);
  try {
    const result = await fn(id);
    ctx.tasks.finish(id, 'Completed', result);
    return result;
  } catch (err) {
    const interrupted = isAbort(err);
    ctx.tasks.finish(id, interrupted ? 'Interrupted' : 'Failed', interrupted ? 'Stopped by shutdown' : describeFailure(err).message);
    throw err;
  }
}
