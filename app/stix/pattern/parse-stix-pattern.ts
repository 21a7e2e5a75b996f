import type { ObservationExpression } from './ast';
import { lexPattern } from './lex-pattern';
import { PatternParser, PatternSyntaxError } from './pattern-parser';

export interface PatternError {
  message: string;
  /** Offset in the pattern where the parser stopped. */
  offset: number;
}

export type ParsePatternResult = { ok: true; ast: ObservationExpression } | { ok: false; error: PatternError };

/**
 * Parses a STIX 2.1 pattern by the grammar of vendor/stix2/pattern_grammar/STIXPattern.g4.
 * @example parseStixPattern("[ipv4-addr:value = '1.2.3.4']").ok // true
 */
export function parseStixPattern(text: string): ParsePatternResult {
  try {
    return { ok: true, ast: new PatternParser(lexPattern(text)).parsePattern() };
  } catch (err) {
    if (err instanceof PatternSyntaxError) return { ok: false, error: { message: err.message, offset: err.offset } };
    throw err;
  }
}
