/** ThreatConnect indicator → STIX 2.1 indicator conversion: pure functions, no I/O. */
export { convertIndicator, readIndicator } from './convert-indicator';
export { dedupeKeys } from './dedupe-keys';
export { stixIdFor, STIX_ID_NAMESPACE } from './stix-id';
export { buildRevocation } from './build-revocation';
export { escapePatternString } from './escape-pattern';
export { TLP_MARKINGS } from './tlp-marking';
export { formatTimestamp, parseTimestamp } from './timestamps';
export { parseStixPattern, type ParsePatternResult, type PatternError } from './pattern/parse-stix-pattern';
export type * from './pattern/ast';
export type {
  ConversionError,
  ConvertOptions,
  ConvertResult,
  DedupeKeysResult,
  ExternalReference,
  KillChainPhase,
  ReadIndicatorResult,
  RevocationEntry,
  StixIndicator,
} from './types';
