// The conversion worker thread: reads, deduplicates and converts pages of indicators (the bytes of JSON they came
// as) and appends the objects to the job's objects file, telling the main thread each page's `next` link as soon
// as it is parsed. Bundled beside the App's entry point.
import { parentPort, workerData } from 'node:worker_threads';
import { freeBuffer, LineWriter } from '../files/line-files';
import type { ConvertSettings } from './convert-line';
import { pageProcessor } from './page-processor';
import type { FromWorker, ToWorker } from './worker-messages';
import { errorMessage } from '../../../sdk';

const port = parentPort!;
const { file, settings } = workerData as { file: string; settings: ConvertSettings };
const processor = pageProcessor(settings);
const writer = new LineWriter(file);
const write = (line: string) => writer.write(line);
const post = (message: FromWorker) => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  try {
    if (message.type === 'page') {
      const page = processor.read(message.body);
      freeBuffer(message.body); // the page is parsed: its bytes (moved here from the main thread) go back at once
      if (!page.ok) return post({ type: 'unreadable', seq: message.seq, reason: page.reason });
      post({ type: 'read', seq: message.seq, links: page.links });
      const result = processor.convert(page.data, message.refresh, write);
      writer.flush(); // the page's objects can be uploaded while the next pages convert
      post({ type: 'converted', seq: message.seq, result: { ...result, fileBytes: writer.bytes } });
    } else if (message.type === 'finish') {
      writer.close();
      post({ type: 'finished', lines: writer.lines });
    } else {
      writer.discard();
      post({ type: 'discarded' });
    }
  } catch (err) {
    post({ type: 'failed', message: errorMessage(err) });
  }
});
