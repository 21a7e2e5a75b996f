import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileGrowth, freeBuffer, lineDone, readGrowingLines, readLineBuffers, readLineChunks } from '../../../app/export/files/line-files';

// A staging file's chunks go back to the system as soon as the lines cut from them are given back (lineDone), not
// when the garbage collector next runs a full collection; a line still held keeps its chunk, and its bytes, intact.

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'line-files-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Lines of pseudo-random lengths (some longer than a 1 MiB chunk), each naming its number. */
function someLines(count: number, seed = 7): string[] {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: count }, (_, i) => {
    const long = next() % 50 === 0 ? 1_300_000 : next() % 3000;
    return `${i}:${String.fromCharCode(97 + (i % 26)).repeat(long)}`;
  });
}

function writeLines(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
  return file;
}

describe('freeBuffer', () => {
  it('gives back the memory of a buffer that holds all of it, and leaves slices and the shared pool alone', () => {
    const own = Buffer.allocUnsafeSlow(1 << 16);
    freeBuffer(own);
    expect(own.buffer.byteLength).toBe(0);
    expect(own.length).toBe(0);

    const big = Buffer.alloc(1 << 16, 1);
    const slice = big.subarray(10, 20);
    freeBuffer(slice);
    expect(big.length).toBe(1 << 16);

    const pooled = Buffer.from('small');
    const neighbour = Buffer.from('neighbour');
    freeBuffer(pooled);
    expect(pooled.toString()).toBe('small');
    expect(neighbour.toString()).toBe('neighbour');
  });
});

describe('lines given back', () => {
  it('frees a chunk once every line cut from it is given back, and not before', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `${i}:${'x'.repeat(700)}`); // ~2 MiB: three chunks
    const file = writeLines('held.ndjson', lines);
    const read: Buffer[] = [];
    for await (const line of readLineBuffers(file)) read.push(line);
    const first = read[0]!;
    const chunk = first.buffer;
    const ofFirstChunk = read.filter((l) => l.buffer === chunk);
    expect(ofFirstChunk.length).toBeGreaterThan(1000);
    for (const line of ofFirstChunk.slice(1)) lineDone(line);
    // One line of the chunk is still held: the chunk, and that line, are whole.
    expect(chunk.byteLength).toBe(1 << 20);
    expect(first.toString()).toBe(lines[0]);
    lineDone(first);
    expect(chunk.byteLength).toBe(0);
    // Lines of the other chunks, not given back, are untouched.
    const rest = read.slice(ofFirstChunk.length);
    expect(rest.map((l) => l.toString())).toEqual(lines.slice(ofFirstChunk.length));
  });

  it('reads every line exactly, lines spanning chunks and longer than a chunk included, when each is given back at once', async () => {
    const lines = someLines(1500);
    const file = writeLines('spans.ndjson', lines);
    const read: string[] = [];
    for await (const line of readLineBuffers(file)) {
      read.push(line.toString());
      lineDone(line);
    }
    expect(read).toEqual(lines);

    const growing = new FileGrowth();
    growing.end(fs.statSync(file).size);
    const grown: string[] = [];
    for await (const line of readGrowingLines(file, growing)) {
      grown.push(line.toString());
      lineDone(line);
    }
    expect(grown).toEqual(lines);
  });

  it('reads a file being written, freeing each chunk as its lines are given back', async () => {
    const file = path.join(dir, 'growing.ndjson');
    fs.writeFileSync(file, '');
    const growth = new FileGrowth();
    const lines = Array.from({ length: 4000 }, (_, i) => `${i}:${'y'.repeat(500)}`);
    const writing = (async () => {
      for (let i = 0; i < lines.length; i += 1000) {
        fs.appendFileSync(
          file,
          lines
            .slice(i, i + 1000)
            .map((l) => `${l}\n`)
            .join(''),
        );
        growth.grew(fs.statSync(file).size);
        await new Promise((r) => setImmediate(r));
      }
      growth.end(fs.statSync(file).size);
    })();
    const chunks = new Set<ArrayBufferLike>();
    const read: string[] = [];
    for await (const line of readGrowingLines(file, growth)) {
      chunks.add(line.buffer);
      read.push(line.toString());
      lineDone(line);
    }
    await writing;
    expect(read).toEqual(lines);
    expect([...chunks].every((c) => c.byteLength === 0)).toBe(true);
  });

  it('frees the chunks of readLineChunks as they are given back, each ending at a line end', async () => {
    const lines = someLines(800, 11);
    const file = writeLines('chunks.ndjson', lines);
    let text = '';
    const seen: Buffer[] = [];
    for await (const chunk of readLineChunks(file, 1 << 20)) {
      expect(chunk[chunk.length - 1]).toBe(10);
      text += chunk.toString();
      seen.push(chunk);
      lineDone(chunk);
    }
    expect(text).toBe(lines.map((l) => `${l}\n`).join(''));
    expect(seen.filter((c) => c.buffer.byteLength === 1 << 20).length).toBe(0);
  });

  it('leaves chunks to the garbage collector when their lines are not given back', async () => {
    const lines = someLines(300, 3);
    const file = writeLines('kept.ndjson', lines);
    const read: Buffer[] = [];
    for await (const line of readLineBuffers(file)) read.push(line);
    expect(read.map((l) => l.toString())).toEqual(lines);
  });
});
