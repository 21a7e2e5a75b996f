// The conversion worker thread: converts chunks of staged indicator lines and appends the objects to the job's
// objects file, answering each chunk with its counts and failures. Bundled beside the App's entry point.
import { parentPort, workerData } from 'node:worker_threads';
import { LineWriter } from '../staging';
import { lineConverter, type ConvertSettings } from './convert-line';
import type { FromWorker, ToWorker } from './worker-messages';

const port = parentPort!;
const { file, settings } = workerData as { file: string; settings: ConvertSettings };
const convert = lineConverter(settings);
const writer = new LineWriter(file);

port.on('message', (message: ToWorker) => {
  try {
    if (message.type === 'chunk') {
      let objects = 0;
      const failures = [];
      for (const line of message.lines) {
        const result = convert(line);
        if (!result.ok) {
          failures.push(result.failure);
          continue;
        }
        for (const out of result.lines) writer.write(out);
        objects += result.lines.length;
      }
      port.postMessage({ type: 'converted', objects, failures } satisfies FromWorker);
    } else if (message.type === 'finish') {
      writer.close();
      port.postMessage({ type: 'finished', lines: writer.lines } satisfies FromWorker);
    } else {
      writer.discard();
      port.postMessage({ type: 'discarded' } satisfies FromWorker);
    }
  } catch (err) {
    port.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies FromWorker);
  }
});
