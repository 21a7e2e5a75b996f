import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TcPageReading } from '../../../sdk';
import { LineWriter } from '../files/line-files';
import type { ConvertSettings } from './convert-line';
import { pageProcessor, type PageResult } from './page-processor';
import type { FromWorker, ToWorker } from './worker-messages';

/** Pages handed to the worker and not yet converted before `page` waits (two keep it busy; each more costs RSS). */
const MAX_QUEUED = 2;
/**
 * The worker's heap. It holds a page or two at a time (a typical page of 1,000 indicators is a megabyte or two).
 * The cap keeps its garbage collector prompt, so the App's memory stays flat through a download of any size, yet
 * leaves room for a page of a thousand heavy indicators (100 MB of descriptions and attributes, tested): parsed,
 * such a page holds some 100 MB of the heap while it converts, which a cap of 128 MB left too little room for (the
 * worker ran out of heap in one run of two on a 2-core machine). A cap is not a reservation: a typical page keeps
 * the heap near 40 MB. A young generation of 24 MB rather than 32 takes ~15 MB off the App's peak RSS in a
 * million-indicator export for ~3% more time (BENCHMARKS.md).
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 24 };

export interface ConverterOptions {
  /** The objects file to write (`<meta JSON>\t<object JSON>` lines). */
  file: string;
  settings: ConvertSettings;
  /** Called for each page once it is converted, in the order the pages were handed over. */
  onPage(result: PageResult): void;
  /** The worker thread's script; without one, pages are converted on the calling thread. */
  workerScript?: string;
}

/**
 * Reads, deduplicates and converts pages of indicators into the objects file as the download hands them over, on
 * a worker thread when one is available: the main thread only fetches pages, as bytes, and never decodes or
 * parses them (each page's memory moves to the worker).
 */
export interface Converter {
  readonly threaded: boolean;
  /**
   * Hands over (moves: the caller must not use them after) a page's bytes, first waiting while the converter is
   * behind; resolves once the page is read, with its `next` link and size, or with why it is not a page. Its
   * conversion is reported through `onPage`; a converter that broke down rejects.
   */
  page(body: Buffer, refresh: boolean): Promise<TcPageReading>;
  /** Resolves once every page handed over has been converted. */
  drain(): Promise<void>;
  /** Closes (fsyncs) the objects file once every page is converted; resolves with its line count. */
  finish(): Promise<number>;
  /** Stops and removes the objects file. */
  discard(): Promise<void>;
}

/** The worker script bundled beside the running App, if any (running from source, there is none). */
export function bundledWorkerScript(): string | undefined {
  const file = path.join(__dirname, 'convert-worker.js');
  return fs.existsSync(file) ? file : undefined;
}

/** @example const c = startConverter({ file, settings, onPage, workerScript: bundledWorkerScript() }); */
export function startConverter(options: ConverterOptions): Converter {
  return options.workerScript ? threadedConverter(options, options.workerScript) : inlineConverter(options);
}

function inlineConverter(options: ConverterOptions): Converter {
  const writer = new LineWriter(options.file);
  const processor = pageProcessor(options.settings);
  const write = (line: string) => writer.write(line);
  return {
    threaded: false,
    async page(body, refresh) {
      const page = processor.read(body);
      if (!page.ok) return { invalid: page.reason };
      const result = processor.convert(page.data, refresh, write);
      writer.flush();
      options.onPage({ ...result, fileBytes: writer.bytes });
      return page.links;
    },
    drain: async () => undefined,
    finish: async () => {
      writer.close();
      return writer.lines;
    },
    discard: async () => writer.discard(),
  };
}

interface Deferred<T> {
  resolve(value: T): void;
  reject(err: Error): void;
}

function threadedConverter(options: ConverterOptions, script: string): Converter {
  const worker = new Worker(script, { workerData: { file: options.file, settings: options.settings }, resourceLimits: WORKER_LIMITS });
  const reading = new Map<number, Deferred<TcPageReading>>();
  let control: Deferred<FromWorker> | undefined;
  let drained: Array<Deferred<void>> = [];
  let room: (() => void) | undefined;
  let broken: Error | undefined;
  let seq = 0;
  let queued = 0;

  const settle = () => {
    room?.();
    room = undefined;
    if (queued > 0 && !broken) return;
    for (const d of drained) {
      if (broken) d.reject(broken);
      else d.resolve();
    }
    drained = [];
  };
  const pageDone = () => {
    queued -= 1;
    settle();
  };
  const breakDown = (err: Error) => {
    broken ??= err;
    for (const d of reading.values()) d.reject(broken);
    reading.clear();
    control?.reject(broken);
    control = undefined;
    settle();
  };
  worker.on('message', (reply: FromWorker) => {
    if (reply.type === 'read' || reply.type === 'unreadable') {
      const pending = reading.get(reply.seq);
      reading.delete(reply.seq);
      if (reply.type === 'read') return pending?.resolve(reply.links);
      pending?.resolve({ invalid: reply.reason });
      return pageDone();
    }
    if (reply.type === 'converted') {
      options.onPage(reply.result);
      return pageDone();
    }
    if (reply.type === 'failed') return breakDown(new Error(`Conversion failed: ${reply.message}`));
    control?.resolve(reply);
    control = undefined;
  });
  worker.on('error', (err) => breakDown(new Error(`Conversion failed: ${err.message}`)));
  worker.on('exit', (code) => breakDown(new Error(`The conversion worker stopped (exit code ${code})`)));

  const command = (message: ToWorker): Promise<FromWorker> => {
    if (broken) return Promise.reject(broken);
    const reply = new Promise<FromWorker>((resolve, reject) => (control = { resolve, reject }));
    worker.postMessage(message);
    return reply;
  };
  const drain = () => (queued === 0 && !broken ? Promise.resolve() : new Promise<void>((resolve, reject) => drained.push({ resolve, reject })));
  const stop = async () => {
    worker.removeAllListeners('exit');
    await worker.terminate();
  };

  return {
    threaded: true,
    async page(body, refresh) {
      while (queued >= MAX_QUEUED && !broken) await new Promise<void>((resolve) => (room = resolve));
      if (broken) throw broken;
      seq += 1;
      queued += 1;
      const read = new Promise<TcPageReading>((resolve, reject) => reading.set(seq, { resolve, reject }));
      // The page's memory moves to the worker (a view into a larger buffer is copied out first).
      const own = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? body : Buffer.from(body);
      worker.postMessage({ type: 'page', seq, body: own, refresh } satisfies ToWorker, [own.buffer as ArrayBuffer]);
      return read;
    },
    drain,
    async finish() {
      try {
        await drain();
        const reply = await command({ type: 'finish' });
        if (reply.type !== 'finished') throw new Error(`The conversion worker answered ${reply.type} to finish`);
        return reply.lines;
      } finally {
        await stop();
      }
    },
    async discard() {
      try {
        if (!broken) await command({ type: 'discard' });
      } catch {
        // the file is removed below either way
      } finally {
        await stop();
        fs.rmSync(options.file, { force: true });
      }
    },
  };
}
