import type { TcIndicator } from '../../sdk';

/** One STIX pattern an indicator becomes (a File gives one per hash). */
export interface Observable {
  /** `<stix observable type>:<normalized value>`: the input of the deterministic id and of deduplication. */
  key: string;
  pattern: string;
  /** The value as shown in the indicator's name (`<display> | <owner>`). */
  display: string;
  /** The literal values the pattern compares, in order (what a pattern parser reads back). */
  literals: Array<string | number>;
}

export interface ReadFailure {
  ok: false;
  code: string;
  message: string;
  field?: string;
}

export type ReadResult = { ok: true; observables: Observable[] } | ReadFailure;

/** Reads, validates and normalizes the value(s) of one ThreatConnect indicator type into patterns. */
export type ObservableReader = (indicator: TcIndicator) => ReadResult;

export function fail(code: string, message: string, field?: string): ReadFailure {
  return field === undefined ? { ok: false, code, message } : { ok: false, code, message, field };
}

export function single(observable: Observable): ReadResult {
  return { ok: true, observables: [observable] };
}

const MAX_SHOWN = 120;

/** A value quoted for an error message: long values are cut so messages stay readable. */
export function quote(value: string): string {
  const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}… (${value.length} characters)` : value;
  return `"${shown}"`;
}
