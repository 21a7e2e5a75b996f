import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { LineWriter } from '../staging';
import type { IndicatorPage } from '../indicator-source';
import { indicatorConverter, type ConvertFailure, type ConvertSettings, type Kept } from './convert-line';
import type { FromWorker, ToWorker } from './worker-messages';

/** Pages the worker may have queued before `pushPage` waits. */
const MAX_QUEUED = 3;
/** The worker's heap: conversion holds a few chunks at a time; the cap keeps its garbage from piling up. */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };

export interface ConverterOptions {
  /** The objects file to write (`<meta JSON>\t<object JSON>` lines). */
  file: string;
  settings: ConvertSettings;
  /** Called as objects are written, and with the indicators that could not be converted. */
  onConverted(objects: number): void;
  onFailures(failures: ConvertFailure[]): void;
  /** The worker thread's script; without one, conversion runs on the calling thread. */
  workerScript?: string;
}

/**
 * Converts pages of indicators into the objects file as they are handed over, on a worker thread when one is
 * available, so downloading and converting use two cores. The worker gets a page as the JSON text it came in and
 * parses it itself: nothing is serialized again on the way.
 */
export interface Converter {
  readonly threaded: boolean;
  /** Hands over a page and what dedupe kept of each of its indicators; a promise means "wait before the next". */
  pushPage(page: IndicatorPage, kept: readonly Kept[], refresh: boolean): Promise<void> | undefined;
  /** Converts what is left and closes (fsyncs) the objects file; resolves with its line count. */
  finish(): Promise<number>;
  /** Stops and removes the objects file. */
  discard(): Promise<void>;
}

/** The worker script bundled beside the running App, if any (running from source, there is none). */
export function bundledWorkerScript(): string | undefined {
  const file = path.join(__dirname, 'convert-worker.js');
  return fs.existsSync(file) ? file : undefined;
}

/** @example const c = startConverter({ file, settings, onConverted, onFailures, workerScript: bundledWorkerScript() }); */
export function startConverter(options: ConverterOptions): Converter {
  return options.workerScript ? threadedConverter(options, options.workerScript) : inlineConverter(options);
}

function inlineConverter(options: ConverterOptions): Converter {
  const writer = new LineWriter(options.file);
  const convert = indicatorConverter(options.settings);
  return {
    threaded: false,
    pushPage(page, kept, refresh) {
      const failures: ConvertFailure[] = [];
      let objects = 0;
      page.indicators.forEach((indicator, i) => {
        const keep = kept[i];
        if (keep === null || keep === undefined) return;
        const result = convert(indicator, keep, refresh);
        if (!result.ok) return void failures.push(result.failure);
        for (const out of result.lines) writer.write(out);
        objects += result.lines.length;
      });
      if (failures.length > 0) options.onFailures(failures);
      options.onConverted(objects);
      return undefined;
    },
    finish: async () => {
      writer.close();
      return writer.lines;
    },
    discard: async () => writer.discard(),
  };
}

function threadedConverter(options: ConverterOptions, script: string): Converter {
  const worker = new Worker(script, { workerData: { file: options.file, settings: options.settings }, resourceLimits: WORKER_LIMITS });
  /** Replies still due, in the order the messages were sent. */
  const replies: Array<{ resolve(reply: FromWorker): void; reject(err: Error): void }> = [];
  let broken: Error | undefined;
  let queued = 0;
  /** Resolves the caller waiting for room in the worker's queue. */
  let wake: (() => void) | undefined;
  const wakeCaller = () => {
    wake?.();
    wake = undefined;
  };

  const breakDown = (err: Error) => {
    broken ??= err;
    for (const r of replies.splice(0)) r.reject(broken);
    wakeCaller();
  };
  worker.on('message', (reply: FromWorker) => {
    const next = replies.shift();
    if (reply.type === 'failed') return breakDown(new Error(`Conversion failed: ${reply.message}`));
    if (reply.type === 'converted') {
      queued -= 1;
      if (reply.failures.length > 0) options.onFailures(reply.failures);
      options.onConverted(reply.objects);
      wakeCaller();
    }
    next?.resolve(reply);
  });
  worker.on('error', (err) => breakDown(new Error(`Conversion failed: ${err.message}`)));
  worker.on('exit', (code) => breakDown(new Error(`The conversion worker stopped (exit code ${code})`)));

  const send = (message: ToWorker): Promise<FromWorker> => {
    if (broken) return Promise.reject(broken);
    const reply = new Promise<FromWorker>((resolve, reject) => replies.push({ resolve, reject }));
    worker.postMessage(message);
    return reply;
  };
  const stop = async () => {
    worker.removeAllListeners('exit');
    await worker.terminate();
  };

  return {
    threaded: true,
    pushPage(page, kept, refresh) {
      if (broken) throw broken;
      if (kept.every((k) => k === null)) return undefined;
      // A source without the page's text: serialize the page once (the TC source always has it).
      const text = page.text ?? JSON.stringify({ data: page.indicators });
      queued += 1;
      send({ type: 'page', text, kept: [...kept], refresh }).catch(() => undefined); // failures reach the caller via the next call
      if (queued < MAX_QUEUED) return undefined;
      return new Promise<void>((resolve) => (wake = resolve));
    },
    async finish() {
      try {
        const reply = await send({ type: 'finish' });
        if (reply.type !== 'finished') throw new Error(`The conversion worker answered ${reply.type} to finish`);
        return reply.lines;
      } finally {
        await stop();
      }
    },
    async discard() {
      try {
        if (!broken) await send({ type: 'discard' });
      } catch {
        // the file is removed below either way
      } finally {
        await stop();
        fs.rmSync(options.file, { force: true });
      }
    },
  };
}
