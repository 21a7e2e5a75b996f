// The conversion worker thread: converts pages of indicators (as JSON text, with what dedupe kept of each) and appends the objects to the job's
// objects file, answering each page with its counts and failures. Bundled beside the App's entry point.
import { parentPort, workerData } from 'node:worker_threads';
import { LineWriter } from '../staging';
import type { TcIndicator } from '../../../sdk/threatconnect/types';
import { indicatorConverter, type ConvertSettings, type ConvertFailure } from './convert-line';
import type { FromWorker, ToWorker } from './worker-messages';

const port = parentPort!;
const { file, settings } = workerData as { file: string; settings: ConvertSettings };
const convert = indicatorConverter(settings);
const writer = new LineWriter(file);

port.on('message', (message: ToWorker) => {
  try {
    if (message.type === 'page') {
      const { data } = JSON.parse(message.text) as { data: TcIndicator[] };
      if (!Array.isArray(data) || data.length !== message.kept.length) throw new Error('a page does not hold the indicators dedupe saw');
      let objects = 0;
      const failures: ConvertFailure[] = [];
      message.kept.forEach((kept, i) => {
        if (kept === null) return;
        const result = convert(data[i]!, kept, message.refresh);
        if (!result.ok) return void failures.push(result.failure);
        for (const out of result.lines) writer.write(out);
        objects += result.lines.length;
      });
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
