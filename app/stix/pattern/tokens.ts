/**
 * The lexer rules of vendor/stix2/pattern_grammar/STIXPattern.g4, in the grammar's order. As in ANTLR, the rule
 * with the longest match wins and, between equally long matches, the one defined first: so `AND` is a keyword,
 * `ANDROID` an identifier, `true` a BoolLiteral, `h'zz'` the identifier `h` then a string, `-` a HYPHEN.
 */
export const LEXER_RULES = [
  ['IntNegLiteral', /-(?:0|[1-9][0-9]*)/y],
  ['IntPosLiteral', /\+?(?:0|[1-9][0-9]*)/y],
  ['FloatNegLiteral', /-[0-9]*\.[0-9]+/y],
  ['FloatPosLiteral', /\+?[0-9]*\.[0-9]+/y],
  ['HexLiteral', /h'(?:[A-Fa-f0-9]{2})*'/y],
  ['BinaryLiteral', /b'(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)'/y],
  ['StringLiteral', /'(?:[^'\\]|\\'|\\\\)*'/uy],
  ['BoolLiteral', /true|false/y],
  ['TimestampLiteral', /t'[0-9]{4}-(?:0[1-9]|1[012])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]+)?Z'/y],
  ['AND', /AND/y],
  ['OR', /OR/y],
  ['NOT', /NOT/y],
  ['FOLLOWEDBY', /FOLLOWEDBY/y],
  ['LIKE', /LIKE/y],
  ['MATCHES', /MATCHES/y],
  ['ISSUPERSET', /ISSUPERSET/y],
  ['ISSUBSET', /ISSUBSET/y],
  ['EXISTS', /EXISTS/y],
  ['LAST', /LAST/y],
  ['IN', /IN/y],
  ['START', /START/y],
  ['STOP', /STOP/y],
  ['SECONDS', /SECONDS/y],
  ['TRUE', /true/y],
  ['FALSE', /false/y],
  ['WITHIN', /WITHIN/y],
  ['REPEATS', /REPEATS/y],
  ['TIMES', /TIMES/y],
  ['IdentifierWithoutHyphen', /[a-zA-Z_][a-zA-Z0-9_]*/y],
  ['IdentifierWithHyphen', /[a-zA-Z_][a-zA-Z0-9_-]*/y],
  ['EQ', /==?/y],
  ['NEQ', /!=|<>/y],
  ['LT', /</y],
  ['LE', /<=/y],
  ['GT', />/y],
  ['GE', />=/y],
  ['QUOTE', /'/y],
  ['COLON', /:/y],
  ['DOT', /\./y],
  ['COMMA', /,/y],
  ['RPAREN', /\)/y],
  ['LPAREN', /\(/y],
  ['RBRACK', /\]/y],
  ['LBRACK', /\[/y],
  ['PLUS', /\+/y],
  ['HYPHEN', /-/y],
  ['MINUS', /-/y],
  ['POWER_OP', /\^/y],
  ['DIVIDE', /\//y],
  ['ASTERISK', /\*/y],
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this matches
  ['WS', /[ \t\r\n\u000B\u000C\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/y],
  ['COMMENT', /\/\*[\s\S]*?\*\//y],
  ['LINE_COMMENT', /\/\/[^\r\n]*/y],
  ['InvalidCharacter', /[\s\S]/uy],
] as const satisfies ReadonlyArray<readonly [string, RegExp]>;

export type TokenType = (typeof LEXER_RULES)[number][0] | 'EOF';

/** Rules the grammar sends to the skip channel. */
export const SKIPPED: ReadonlySet<TokenType> = new Set(['WS', 'COMMENT', 'LINE_COMMENT']);

export interface Token {
  type: TokenType;
  text: string;
  /** Offset in the pattern (UTF-16 units). */
  offset: number;
}
