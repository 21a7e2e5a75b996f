import type { TcIndicator } from '../../../sdk';
import { HASH_LENGTH, normalizeHash, type HashAlgorithm } from '../normalize/hash';
import { fail, quote, type Observable, type ObservableReader, type ReadFailure } from '../observable';
import { readOptionalText } from '../read-field';

interface HashField {
  field: 'md5' | 'sha1' | 'sha256';
  algorithm: HashAlgorithm;
  /** The object path: hyphenated hash names must be quoted in a pattern. */
  path: string;
}

const HASH_FIELDS: HashField[] = [
  { field: 'md5', algorithm: 'MD5', path: 'file:hashes.MD5' },
  { field: 'sha1', algorithm: 'SHA-1', path: "file:hashes.'SHA-1'" },
  { field: 'sha256', algorithm: 'SHA-256', path: "file:hashes.'SHA-256'" },
];

function hashObservable(spec: HashField, hex: string): Observable {
  return { key: `file:${spec.algorithm}:${hex}`, pattern: `[${spec.path} = '${hex}']`, display: hex, literals: [hex] };
}

function invalidHash(spec: HashField, raw: string): ReadFailure {
  const length = HASH_LENGTH[spec.algorithm];
  return fail('invalid-value', `${spec.algorithm} hash ${quote(raw.trim())} is not ${length} hexadecimal characters`, spec.field);
}

/** ThreatConnect's File summary is `md5 : sha1 : sha256` (present hashes only); hashes are told apart by length. */
function fromSummary(summary: string): Observable[] | ReadFailure {
  const observables: Observable[] = [];
  for (const part of summary.split(':')) {
    if (part.trim() === '') continue;
    const spec = HASH_FIELDS.find((s) => HASH_LENGTH[s.algorithm] === part.trim().length);
    const hex = spec && normalizeHash(part, spec.algorithm);
    if (!spec || !hex) return fail('invalid-value', `File summary ${quote(summary)} holds ${quote(part.trim())}, which is not an MD5, SHA1 or SHA256 hash`);
    if (observables.some((o) => o.key.startsWith(`file:${spec.algorithm}:`))) {
      return fail('invalid-value', `File summary ${quote(summary)} holds more than one ${spec.algorithm} hash`);
    }
    observables.push(hashObservable(spec, hex));
  }
  return observables;
}

/** File → one `file:hashes` pattern per hash present (MD5, SHA-1, SHA-256), hex in lowercase. */
export const readFile: ObservableReader = (indicator: TcIndicator) => {
  let observables: Observable[] = [];
  for (const spec of HASH_FIELDS) {
    const read = readOptionalText(indicator, spec.field);
    if (typeof read === 'object') return read;
    if (read === undefined || read.trim() === '') continue;
    const hex = normalizeHash(read, spec.algorithm);
    if (!hex) return invalidHash(spec, read);
    observables.push(hashObservable(spec, hex));
  }
  if (observables.length === 0 && typeof indicator.summary === 'string') {
    const parsed = fromSummary(indicator.summary);
    if (!Array.isArray(parsed)) return parsed;
    observables = parsed;
  }
  if (observables.length === 0) return fail('missing-value', 'File indicator has no MD5, SHA1 or SHA256 hash', 'md5');
  return { ok: true, observables };
};
