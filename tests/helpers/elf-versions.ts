import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The newest symbol versions a job server's C and C++ runtime must provide (RHEL 8 / glibc 2.28, the oldest OS the
 * App supports): any native code in the package needing more would not load there.
 */
export const SYMBOL_VERSION_CEILINGS: Readonly<Record<string, string>> = { GLIBC: '2.28', GLIBCXX: '3.4.25', CXXABI: '1.3.11' };

/** Every ELF file under `dir` (by its magic number, whatever its name). */
export function findElfFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).flatMap((entry) => {
    if (!entry.isFile()) return [];
    const file = path.join(entry.parentPath, entry.name);
    const head = Buffer.alloc(4);
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, head, 0, 4, 0);
    } finally {
      fs.closeSync(fd);
    }
    return head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])) ? [file] : [];
  });
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The symbol versions `objdump -T` shows `file` needs that are newer than `ceilings` allow, e.g. `GLIBC_2.34`. */
export function symbolVersionsOver(file: string, ceilings: Readonly<Record<string, string>>): string[] {
  const dump = execFileSync('objdump', ['-T', file], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  const needed = new Set(dump.match(/\b(GLIBC|GLIBCXX|CXXABI)_\d+(?:\.\d+)*\b/g) ?? []);
  return [...needed]
    .filter((v) => {
      const [, family, version] = /^(\w+?)_(.*)$/.exec(v) ?? [];
      const ceiling = family ? ceilings[family] : undefined;
      return ceiling !== undefined && compareVersions(version!, ceiling) > 0;
    })
    .sort();
}
