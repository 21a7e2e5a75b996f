/** Why a TQL text cannot be used, and where (a 0-based index into the text, in UTF-16 code units). */
export interface TqlSyntaxProblem {
  position: number;
  message: string;
}

/**
 * Checks TQL's lexical structure before it is combined with other conditions: string literals in double or single
 * quotes (a backslash escapes the next character, as ThreatConnect documents), parentheses that balance outside
 * them, and nothing outside them that ThreatConnect would read as the start of a literal or an escape (a backtick,
 * a backslash). A text that passes cannot close the parentheses it is wrapped in, so `(<tql>) and …` keeps the
 * App's own conditions in force whatever the text says. It does not check the grammar (ThreatConnect does).
 * @example checkTqlSyntax('rating >= 0) or (rating >= 0') // { position: 11, message: "')' closes a parenthesis that was not opened" }
 */
export function checkTqlSyntax(tql: string): TqlSyntaxProblem | undefined {
  for (let i = 0; i < tql.length; i += 1) {
    const c = tql.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate cannot be sent (it has no UTF-8 form).
      if (c <= 0xdbff && i + 1 < tql.length && (tql.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i += 1;
      else return { position: i, message: 'a lone UTF-16 surrogate is not a character' };
    } else if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) {
      return { position: i, message: `control character U+${c.toString(16).padStart(4, '0').toUpperCase()} is not allowed` };
    }
  }
  const open: number[] = [];
  for (let i = 0; i < tql.length; i += 1) {
    const ch = tql[i]!;
    if (ch === '"' || ch === "'") {
      const start = i;
      for (i += 1; i < tql.length && tql[i] !== ch; i += 1) if (tql[i] === '\\') i += 1;
      if (i >= tql.length) return { position: start, message: `the string starting here has no closing ${ch}` };
      continue;
    }
    if (ch === '(') open.push(i);
    else if (ch === ')' && open.pop() === undefined) return { position: i, message: "')' closes a parenthesis that was not opened" };
    else if (ch === '`' || ch === '\\') return { position: i, message: `'${ch}' is only allowed inside a quoted string` };
  }
  if (open.length > 0) return { position: open[open.length - 1]!, message: "'(' is never closed" };
  return undefined;
}
