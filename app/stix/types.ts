import type { Observable } from './observable';
import type { TcIndicator, TcIndicatorType } from '../../sdk';

export interface KillChainPhase {
  kill_chain_name: string;
  phase_name: string;
}

export interface ExternalReference {
  source_name: string;
  url?: string;
  external_id?: string;
}

/** A STIX 2.1 indicator as this app sends it to Sentinel. Optional arrays are absent rather than empty. */
export interface StixIndicator {
  type: 'indicator';
  spec_version: '2.1';
  id: string;
  created: string;
  modified: string;
  name?: string;
  description?: string;
  indicator_types?: string[];
  pattern: string;
  pattern_type: 'stix';
  pattern_version: '2.1';
  valid_from: string;
  valid_until?: string;
  kill_chain_phases?: KillChainPhase[];
  labels?: string[];
  confidence?: number;
  external_references?: ExternalReference[];
  object_marking_refs?: string[];
  revoked?: boolean;
}

export interface ConvertOptions {
  /** `ThreatConnect-<Sentinel Source Name>`: part of every deterministic id. */
  sourceSystem: string;
  /** Time to live per indicator type, in hours. */
  ttlHours: Record<TcIndicatorType, number>;
  /** Time of upload: `valid_from` = now, `valid_until` = now + TTL. */
  now: Date;
  /** The last `modified` sent for a STIX id, so a re-send is always newer. */
  previousModified?: (stixId: string) => string | undefined;
}

export interface ConversionError {
  /** Stable machine-readable reason, e.g. `invalid-value`. */
  code: string;
  /** What is wrong, in words a person understands. */
  message: string;
  /** The ThreatConnect field at fault, when there is one. */
  field?: string;
  /** The indicator as received. */
  indicator: TcIndicator;
}

export type ConvertResult = { ok: true; objects: StixIndicator[] } | { ok: false; error: ConversionError };

/** An indicator read for conversion: the STIX id of each object it becomes (a File: one per hash), or why not. */
export type ReadIndicatorResult = { ok: true; ids: string[]; observables: Observable[] } | { ok: false; error: ConversionError };

export type DedupeKeysResult = { ok: true; keys: string[] } | { ok: false; error: ConversionError };

/** What a revocation needs of an indicator sent earlier (as kept in the ledger). */
export interface RevocationEntry {
  id: string;
  pattern: string;
  name?: string;
  created: string;
  validFrom: string;
  /** The `modified` last sent for this id. */
  lastModified: string;
}
