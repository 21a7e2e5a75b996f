import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { LineWriter } from '../staging';
import { lineConverter, type ConvertFailure, type ConvertSettings } from './convert-line';
import type { FromWorker, ToWorker } from './worker-messages';

/** Lines (or characters) per chunk handed to the worker, and chunks it may have queued before `push` waits. */
const CHUNK_LINES = 1000;
const CHUNK_CHARS = 1 << 20;
const MAX_QUEUED = 4;
/** The worker's heap: conversion holds a few chunks at a time; the cap keeps its garbage from piling up. */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 192 };

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
 * Converts staged indicator lines into the objects file as they are handed over, on a worker thread when one is
 * available, so downloading and converting use two cores.
 */
export interface Converter {
  readonly threaded: boolean;
  /** Hands over one line; returns a promise only when the worker is behind (wait for it before the next line). */
  push(line: string): Promise<void> | undefined;
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
  const convert = lineConverter(options.settings);
  return {
    threaded: false,
    push(line) {
      const result = convert(line);
      if (!result.ok) return void options.onFailures([result.failure]);
      for (const out of result.lines) writer.write(out);
      options.onConverted(result.lines.length);
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
  let chunk: string[] = [];
  let chars = 0;
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
  const sendChunk = (): Promise<FromWorker> | undefined => {
    if (chunk.length === 0) return undefined;
    const lines = chunk;
    chunk = [];
    chars = 0;
    queued += 1;
    return send({ type: 'chunk', lines });
  };
  const stop = async () => {
    worker.removeAllListeners('exit');
    await worker.terminate();
  };

  return {
    threaded: true,
    push(line) {
      if (broken) throw broken;
      chunk.push(line);
      chars += line.length;
      if (chunk.length < CHUNK_LINES && chars < CHUNK_CHARS) return undefined;
      sendChunk()?.catch(() => undefined); // a failure reaches the caller through the next push or finish()
      if (queued < MAX_QUEUED) return undefined;
      return new Promise<void>((resolve) => (wake = resolve));
    },
    async finish() {
      try {
        const last = sendChunk();
        last?.catch(() => undefined);
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
