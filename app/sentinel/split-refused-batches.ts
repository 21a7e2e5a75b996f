import type { JsonText, StixUploader, UploadOutcome } from '../export/stix-uploader';
import { SentinelError } from './sentinel-error';

type Failed = Extract<UploadOutcome, { status: 'failed' }>;

const isBadRequest = (outcome: UploadOutcome): outcome is Failed =>
  outcome.status === 'failed' && outcome.error instanceof SentinelError && outcome.error.status === 400;

/**
 * The upload of a batch that finds the objects Sentinel refuses when it answers 400 to the batch as a whole (as it
 * most likely does when no object of a batch is valid): the batch goes again in halves, each half refused in halves
 * again, down to single objects. An object refused alone comes back as rejected, with Sentinel's message (REPORTS
 * shows it; it is not sent again in this job); the others go. When every object of the batch is refused alone, the
 * 400 was about the request rather than the objects: the batch fails as Sentinel's first answer said, and the job
 * stops.
 * @example const outcome = await uploadSplittingRefused(uploader, objects, signal)
 */
export async function uploadSplittingRefused(
  uploader: Pick<StixUploader, 'upload'>,
  objects: readonly JsonText[],
  signal?: AbortSignal,
): Promise<UploadOutcome> {
  let refusedAlone = 0;
  const send = async (part: readonly JsonText[], answer?: Failed): Promise<UploadOutcome> => {
    const outcome = answer ?? (await uploader.upload(part, signal));
    if (!isBadRequest(outcome)) return outcome;
    if (part.length === 1) {
      refusedAlone += 1;
      return { status: 'ok', accepted: 0, rejected: [{ index: 0, messages: [outcome.error.message] }] };
    }
    const middle = Math.ceil(part.length / 2);
    const result: Extract<UploadOutcome, { status: 'ok' }> = { status: 'ok', accepted: 0, rejected: [] };
    for (const [offset, half] of [
      [0, part.slice(0, middle)],
      [middle, part.slice(middle)],
    ] as const) {
      const outcomeOfHalf = await send(half);
      if (outcomeOfHalf.status === 'failed') return outcomeOfHalf; // not about the objects, or the job is stopping
      result.accepted += outcomeOfHalf.accepted;
      for (const r of outcomeOfHalf.rejected) result.rejected.push({ index: r.index + offset, messages: r.messages });
    }
    return result;
  };
  const first = await uploader.upload(objects, signal);
  if (!isBadRequest(first)) return first;
  const outcome = await send(objects, first);
  return objects.length > 1 && refusedAlone === objects.length ? { ...first, fatal: true } : outcome;
}

/**
 * The uploader with `upload` finding refused objects by halving a batch Sentinel answers 400 (see
 * uploadSplittingRefused); everything else is the uploader's own.
 */
export function splitRefusedBatches<T extends StixUploader>(uploader: T): T {
  return Object.assign(Object.create(uploader) as T, {
    upload: (objects: readonly JsonText[], signal?: AbortSignal) => uploadSplittingRefused(uploader, objects, signal),
  });
}
