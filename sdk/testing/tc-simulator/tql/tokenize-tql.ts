import { TqlError } from './tql-error';

export type TqlTokenKind = 'lparen' | 'rparen' | 'comma' | 'string' | 'number' | 'op' | 'word' | 'end';

export interface TqlToken {
  kind: TqlTokenKind;
  /** Source text; for strings the unescaped value. Words keep their case (keywords are matched case-insensitively). */
  text: string;
  pos: number;
}

const OPS = ['>=', '<=', '!=', '<>', '=', '>', '<'] as const;
const WORD = /[A-Za-z_][A-Za-z0-9_.]*/y;
const NUMBER = /-?\d+(?:\.\d+)?/y;

/**
 * A string literal in double or single quotes. Inside, a backslash escapes the next character: ThreatConnect's
 * TQL documentation lists `\'`, `\"`, `` \` `` and `\\` as the sequences for the characters that must be escaped.
 */
function readString(src: string, start: number): { value: string; end: number } {
  const quote = src[start]!;
  let value = '';
  for (let i = start + 1; i < src.length; i += 1) {
    const c = src[i]!;
    if (c === '\\') {
      if (i + 1 >= src.length) break;
      value += src[i + 1];
      i += 1;
    } else if (c === quote) {
      return { value, end: i + 1 };
    } else {
      value += c;
    }
  }
  throw new TqlError('unterminated string', start);
}

/** Splits TQL into tokens: parentheses, commas, quoted strings, numbers, operators and words. */
export function tokenizeTql(src: string): TqlToken[] {
  const tokens: TqlToken[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', text: c, pos: i });
      i += 1;
      continue;
    }
    if (c === '"' || c === "'") {
      const { value, end } = readString(src, i);
      tokens.push({ kind: 'string', text: value, pos: i });
      i = end;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op === '<>' ? '!=' : op, pos: i });
      i += op.length;
      continue;
    }
    const start = i;
    for (const [re, kind] of [
      [NUMBER, 'number'],
      [WORD, 'word'],
    ] as const) {
      re.lastIndex = i;
      const m = re.exec(src);
      if (m) {
        tokens.push({ kind, text: m[0], pos: i });
        i += m[0].length;
        break;
      }
    }
    if (i === start) throw new TqlError(`unexpected character '${c}'`, i);
  }
  tokens.push({ kind: 'end', text: '', pos: src.length });
  return tokens;
}
