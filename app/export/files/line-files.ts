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
    if (this.#bytes) {
      const joined = Buffer.concat(this.#chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
      this.bytes += fs.writeSync(this.#fd, joined);
      freeBuffer(joined);
    } else this.bytes += fs.writeSync(this.#fd, (this.#chunks as string[]).join(''));
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
 * Gives the memory of a buffer back at once, when the buffer holds all of it (one of its own, as
 * `Buffer.allocUnsafeSlow` and large `Buffer.allocUnsafe` or `Buffer.concat` results do; a slice of Node's shared
 * pool or of a larger buffer is left alone). Every view of that memory becomes empty: only for buffers no one else
 * holds. The garbage collector would free it too, but a buffer that outlived a young collection waits for a full
 * one, which V8 starts only after some 64 MB more of such memory: the megabytes of file read for each page of
 * objects piled up to that between collections.
 */
export function freeBuffer(buffer: Uint8Array): void {
  const memory = buffer.buffer;
  if (memory instanceof ArrayBuffer && buffer.byteOffset === 0 && buffer.byteLength === memory.byteLength && buffer.byteLength >= 4096)
    (memory as ArrayBuffer & { transfer(length: number): ArrayBuffer }).transfer(0);
}

/**
 * The lines in use of each chunk a line reader read (plus one while the reader still cuts lines from it). A
 * chunk's memory goes back (freeBuffer) when its count reaches 0; a chunk whose lines are not all given back
 * through `lineDone` is the garbage collector's, as any buffer.
 */
const linesInUse = new WeakMap<ArrayBufferLike, number>();

function useChunk(memory: ArrayBufferLike): void {
  const n = linesInUse.get(memory);
  if (n !== undefined) linesInUse.set(memory, n + 1);
}

function releaseChunk(memory: ArrayBufferLike): void {
  const n = linesInUse.get(memory);
  if (n === undefined) return;
  if (n > 1) {
    linesInUse.set(memory, n - 1);
    return;
  }
  linesInUse.delete(memory);
  freeBuffer(new Uint8Array(memory));
}

/**
 * Says that a line (or chunk of lines) of `readLineBuffers`, `readGrowingLines` or `readLineChunks` is no longer
 * used, nor any view of it: once every line of a chunk is, the chunk's memory goes back at once. Call it once per
 * line at most, when nothing holds the line any more (its bytes copied or written); a line never given back costs
 * only the wait for the garbage collector. Lines of other sources are ignored.
 * @example for await (const line of readLineBuffers(file)) { use(line); lineDone(line); }
 */
export function lineDone(line: Uint8Array): void {
  releaseChunk(line.buffer);
}

/** A view into a chunk, counted as a line in use. */
function lineOf(chunk: Buffer, start: number, end?: number): Buffer {
  useChunk(chunk.buffer);
  return chunk.subarray(start, end);
}

/** A file's bytes from `start`, in chunks of at most `size` bytes, each in memory of its own, counted by linesInUse. */
async function* fileChunks(file: string, size: number, start = 0): AsyncGenerator<Buffer> {
  const handle = await fs.promises.open(file, 'r');
  try {
    for (let position = start; ;) {
      const chunk = Buffer.allocUnsafeSlow(size);
      const { bytesRead } = await handle.read(chunk, 0, size, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      linesInUse.set(chunk.buffer, 1);
      yield chunk.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Reads a staging file line by line as bytes (views into 1 MiB chunks, a line spanning two chunks copied), for
 * lines that are passed on rather than read: nothing is decoded. Give each line back with `lineDone` once done
 * with it, and its chunk's memory goes back as soon as its last line is.
 * @example for await (const line of readLineBuffers(file)) send(line);
 */
export function readLineBuffers(file: string): AsyncGenerator<Buffer> {
  return splitLines(fileChunks(file, FLUSH_BYTES));
}

/**
 * The lines (without their newlines; empty ones left out) of a file that arrives in chunks (of fileChunks), cut from
 * its whole-line pieces: each piece, counted as a line in use of its chunk, keeps the chunk while its lines are cut.
 */
async function* splitLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const piece of wholeLines(chunks)) {
    try {
      let start = 0;
      for (let nl = piece.indexOf(10); nl >= 0; nl = piece.indexOf(10, start)) {
        if (nl > start) yield lineOf(piece, start, nl);
        start = nl + 1;
      }
      if (start < piece.length) yield lineOf(piece, start); // the file's last line, without a newline
    } finally {
      lineDone(piece);
    }
  }
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
          const chunk = Buffer.allocUnsafeSlow(Math.min(FLUSH_BYTES, growth.bytes - position));
          const read = fs.readSync(fd, chunk, 0, chunk.length, position);
          if (read === 0) throw new Error(`${path.basename(file)} is shorter than it was written`);
          position += read;
          linesInUse.set(chunk.buffer, 1);
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
 * end (the last may hold a torn line), for consumers that take many lines at once; give each back with `lineDone`.
 * @example for await (const chunk of readLineChunks(file, 4 << 20)) { load(chunk); lineDone(chunk); }
 */
export function readLineChunks(file: string, size: number, start = 0): AsyncGenerator<Buffer> {
  return wholeLines(fileChunks(file, size, start));
}

/**
 * The chunks of a file (of fileChunks) as pieces that end at a line's end (the last may not): views into them,
 * counted as lines in use, or copies where a line spans two chunks. Each chunk's own count (the reader's) is given
 * back once its pieces are cut.
 */
async function* wholeLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let rest: Buffer | undefined; // a line begun in an earlier chunk (counted as one of its lines in use)
  for await (const chunk of chunks) {
    try {
      let start = 0;
      if (rest) {
        const begun = rest;
        const nl = chunk.indexOf(10);
        if (nl < 0) {
          rest = Buffer.concat([begun, chunk]);
          lineDone(begun);
          continue;
        }
        rest = undefined;
        const line = Buffer.concat([begun, chunk.subarray(0, nl + 1)]); // only the line that spans two chunks is copied
        lineDone(begun);
        yield line;
        start = nl + 1;
      }
      const end = chunk.lastIndexOf(10) + 1;
      if (end > start) yield lineOf(chunk, start, end);
      if (Math.max(end, start) < chunk.length) rest = lineOf(chunk, Math.max(end, start));
    } finally {
      lineDone(chunk);
    }
  }
  if (rest) yield rest;
}

/** The directory holding one job's staging files. */
export function jobDir(outPath: string, requestId: string): string {
  return path.join(outPath, 'jobs', requestId);
}
