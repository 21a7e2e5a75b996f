import { LEXER_RULES, SKIPPED, type Token, type TokenType } from './tokens';

/**
 * Splits a pattern into tokens by the grammar's lexer rules (longest match, first rule on a tie), dropping
 * whitespace and comments. Never fails: a character no rule takes becomes an InvalidCharacter token, as in ANTLR.
 */
export function lexPattern(text: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  while (offset < text.length) {
    let bestType: TokenType = 'InvalidCharacter';
    let bestLength = 0;
    for (const [type, rule] of LEXER_RULES) {
      rule.lastIndex = offset;
      const match = rule.exec(text);
      if (match && match[0].length > bestLength) {
        bestType = type;
        bestLength = match[0].length;
      }
    }
    if (!SKIPPED.has(bestType)) tokens.push({ type: bestType, text: text.slice(offset, offset + bestLength), offset });
    offset += bestLength;
  }
  tokens.push({ type: 'EOF', text: '', offset });
  return tokens;
}
