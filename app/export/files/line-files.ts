import fs from 'node:fs';
import path from 'node:path';

const FLUSH_BYTES = 1 << 20;
const NEWLINE = Buffer.from('\n');

/**
 * Appends lines to a staging file through a 1 MiB buffer. `close()` flushes and fsyncs, so a stage that closed
 * its files and then recorded itself complete can be trusted after a crash.
 * @example const w = new LineWriter(file); w.write('{"a":1}'); w.close();
 */
export class LineWriter {
  #fd: number;
  #chunks: Array<string | Uint8Array> = [];
  #bytes = false;
  #size = 0;
  lines = 0;
  /** Bytes handed to the file so far (flushed): whole lines, readable by another reader of the file. */
  bytes = 0;

  /** `append` keeps what the file holds (less a torn last line, left by a crash mid-write) and writes after it. */
  constructor(
    readonly file: string,
    { append = false }: { append?: boolean } = {},
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (append) dropTornTail(file);
    this.#fd = fs.openSync(file, append ? 'a' : 'w');
  }

  write(line: string): void {
    this.#chunks.push(line, '\n');
    this.#size += line.length + 1;
    this.lines += 1;
    if (this.#size >= FLUSH_BYTES) this.flush();
  }

  /** Writes one line given as parts (bytes or text, joined as they are), without decoding the bytes. */
  writeParts(parts: ReadonlyArray<string | Uint8Array>): void {
    for (const part of parts) {
      this.#chunks.push(part);
      this.#size += part.length;
    }
    this.#chunks.push(NEWLINE);
    this.#size += 1;
    this.#bytes = true;
    this.lines += 1;
    if (this.#size >= FLUSH_BYTES) this.flush();
  }

  flush(): void {
    if (this.#chunks.length === 0) return;
    if (this.#bytes) this.bytes += fs.writeSync(this.#fd, Buffer.concat(this.#chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))));
    else this.bytes += fs.writeSync(this.#fd, (this.#chunks as string[]).join(''));
    this.#chunks = [];
    this.#bytes = false;
    this.#size = 0;
  }

  close(): void {
    if (this.#fd < 0) return;
    this.flush();
    fs.fsyncSync(this.#fd);
    fs.closeSync(this.#fd);
    this.#fd = -1;
  }

  /** `close()` with the fsync on libuv's thread pool: the event loop goes on while a large file reaches the disk. */
  async closeAsync(): Promise<void> {
    if (this.#fd < 0) return;
    this.flush();
    const fd = this.#fd;
    this.#fd = -1;
    try {
      await new Promise<void>((resolve, reject) => fs.fsync(fd, (err) => (err ? reject(err) : resolve())));
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Closes without keeping the file (a stage that failed or is being restarted). */
  discard(): void {
    if (this.#fd >= 0) {
      fs.closeSync(this.#fd);
      this.#fd = -1;
    }
    fs.rmSync(this.file, { force: true });
  }
}

/** Cuts a file back to its last complete line (one that ends with a newline); a missing file is left missing. */
function dropTornTail(file: string): void {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return;
  }
  const fd = fs.openSync(file, 'r+');
  try {
    const chunk = Buffer.alloc(64 * 1024);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const n = fs.readSync(fd, chunk, 0, end - start, start);
      const nl = chunk.subarray(0, n).lastIndexOf(10);
      if (nl >= 0) {
        end = start + nl + 1;
        break;
      }
      end = start;
    }
    if (end < size) fs.ftruncateSync(fd, end);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads a staging file line by line as text, with constant memory (the lines of `readLineBuffers`, decoded: a
 * newline byte never falls inside a UTF-8 character).
 * @example for await (const line of readLines(file)) handle(line);
 */
export async function* readLines(file: string): AsyncGenerator<string> {
  for await (const line of readLineBuffers(file)) yield line.toString('utf8');
}

/**
 * Reads a staging file line by line as bytes (views into 1 MiB chunks, a line spanning two chunks copied), for
 * lines that are passed on rather than read: nothing is decoded.
 * @example for await (const line of readLineBuffers(file)) send(line);
 */
export function readLineBuffers(file: string): AsyncGenerator<Buffer> {
  return splitLines(fs.createReadStream(file, { highWaterMark: FLUSH_BYTES }) as AsyncIterable<Buffer>);
}

/** The lines (without their newlines; empty ones left out) of a file that arrives in chunks. */
async function* splitLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let rest: Buffer | undefined; // a line begun in an earlier chunk
  for await (const chunk of chunks) {
    let start = 0;
    let nl = chunk.indexOf(10);
    if (rest) {
      if (nl < 0) {
        rest = Buffer.concat([rest, chunk]);
        continue;
      }
      const line = Buffer.concat([rest, chunk.subarray(0, nl)]); // only the line that spans two chunks is copied
      rest = undefined;
      if (line.length > 0) yield line;
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    while (nl >= 0) {
      if (nl > start) yield chunk.subarray(start, nl);
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    if (start < chunk.length) rest = chunk.subarray(start);
  }
  if (rest && rest.length > 0) yield rest;
}

/**
 * How far a file being written elsewhere (another thread) has got: the bytes of whole lines it holds, and whether
 * it is complete or was given up. The writer moves it on; `readGrowingLines` follows it.
 */
export class FileGrowth {
  bytes = 0;
  ended = false;
  failure: { reason: unknown } | undefined;
  #waiting: Array<() => void> = [];

  grew(bytes: number): void {
    this.bytes = Math.max(this.bytes, bytes);
    this.#wake();
  }

  end(bytes: number): void {
    this.bytes = Math.max(this.bytes, bytes);
    this.ended = true;
    this.#wake();
  }

  fail(reason: unknown): void {
    this.failure ??= { reason };
    this.#wake();
  }

  /** Resolves when the file grows, ends or fails. */
  changed(): Promise<void> {
    if (this.ended || this.failure) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #wake(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const wake of waiting) wake();
  }
}

/**
 * The lines of a file while it is being written, as its `growth` says they arrive; ends when the file is complete,
 * throws the writer's reason if it gave up.
 * @example for await (const line of readGrowingLines(file, growth)) send(line);
 */
export function readGrowingLines(file: string, growth: FileGrowth): AsyncGenerator<Buffer> {
  async function* chunks(): AsyncGenerator<Buffer> {
    let fd: number | undefined;
    let position = 0;
    try {
      for (;;) {
        if (growth.failure) throw growth.failure.reason;
        if (position < growth.bytes) {
          fd ??= fs.openSync(file, 'r');
          const chunk = Buffer.allocUnsafe(Math.min(FLUSH_BYTES, growth.bytes - position));
          const read = fs.readSync(fd, chunk, 0, chunk.length, position);
          if (read === 0) throw new Error(`${path.basename(file)} is shorter than it was written`);
          position += read;
          yield chunk.subarray(0, read);
        } else if (growth.ended) {
          return;
        } else {
          await growth.changed();
        }
      }
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }
  return splitLines(chunks());
}

/**
 * Reads a staging file (from byte `start`, a line's start) in chunks of about `size` bytes that end at a line's
 * end (the last may hold a torn line), for consumers that take many lines at once.
 * @example for await (const chunk of readLineChunks(file, 4 << 20)) load(chunk);
 */
export async function* readLineChunks(file: string, size: number, start = 0): AsyncGenerator<Buffer> {
  const stream = fs.createReadStream(file, { highWaterMark: size, start });
  let rest: Buffer | undefined; // a line begun in an earlier chunk
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    if (rest) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        rest = Buffer.concat([rest, chunk]);
        continue;
      }
      yield Buffer.concat([rest, chunk.subarray(0, nl + 1)]); // only the line that spans two chunks is copied
      rest = undefined;
      start = nl + 1;
    }
    const end = chunk.lastIndexOf(10) + 1;
    if (end > start) yield chunk.subarray(start, end);
    if (Math.max(end, start) < chunk.length) rest = chunk.subarray(Math.max(end, start));
  }
  if (rest) yield rest;
}

/** The directory holding one job's staging files. */
export function jobDir(outPath: string, requestId: string): string {
  return path.join(outPath, 'jobs', requestId);
}
