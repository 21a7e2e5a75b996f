import type { InstallParam } from '../manifest/types';
import type { PlatformInput } from './platform-inputs';
import { Secret } from './secret';

/** A value as coerced, or the reason it could not be. */
export type Coerced = { ok: true; value: unknown } | { ok: false; problem: string };

const ok = (value: unknown): Coerced => ({ ok: true, value });
const bad = (problem: string): Coerced => ({ ok: false, problem });

function text(raw: unknown): string | undefined {
  if (raw instanceof Secret) return raw.reveal();
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return undefined;
}

export function coerceBoolean(raw: unknown): Coerced {
  if (typeof raw === 'boolean') return ok(raw);
  const s = text(raw)?.trim().toLowerCase();
  if (s === 'true' || s === '1') return ok(true);
  if (s === 'false' || s === '0') return ok(false);
  return bad(`must be true or false, got ${JSON.stringify(raw)}`);
}

function coerceNumber(raw: unknown): Coerced {
  if (typeof raw === 'number' && Number.isFinite(raw)) return ok(raw);
  const s = text(raw)?.trim();
  const n = s === undefined || s === '' ? NaN : Number(s);
  return Number.isFinite(n) ? ok(n) : bad(`must be a number, got ${JSON.stringify(raw)}`);
}

/** A platform input in its kind; secrets become Secrets. */
export function coercePlatformInput(spec: PlatformInput, raw: unknown): Coerced {
  if (spec.kind === 'boolean') return coerceBoolean(raw);
  if (spec.kind === 'number') return coerceNumber(raw);
  const s = text(raw);
  if (s === undefined) return bad(`must be text, got ${typeof raw}`);
  return ok(spec.secret ? new Secret(s) : s);
}

/** An App param by its install.json type: list types split on the delimiter, Booleans parsed, encrypt → Secret. */
export function coerceParam(param: InstallParam, raw: unknown, delimiter: string): Coerced {
  if (param.type === 'Boolean') return coerceBoolean(raw);
  if (param.type === 'MultiChoice' || param.allowMultiple) {
    if (Array.isArray(raw)) return ok(raw.map((v) => text(v) ?? '').filter((v) => v !== ''));
    const s = text(raw);
    if (s === undefined) return bad(`must be a list of values joined by "${delimiter}"`);
    return ok(
      s
        .split(delimiter)
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    );
  }
  if (param.type === 'KeyValueList') return Array.isArray(raw) ? ok(raw) : bad('must be a list of {key, value} pairs');
  const s = text(raw);
  if (s === undefined) return bad(`must be text, got ${Array.isArray(raw) ? 'a list' : typeof raw}`);
  return ok(param.encrypt ? new Secret(s) : s);
}

/** Whether a raw value counts as "not given". */
export function isBlank(raw: unknown): boolean {
  if (raw === undefined || raw === null) return true;
  if (raw instanceof Secret) return raw.isEmpty;
  if (typeof raw === 'string') return raw.trim() === '';
  if (Array.isArray(raw)) return raw.length === 0;
  return false;
}
