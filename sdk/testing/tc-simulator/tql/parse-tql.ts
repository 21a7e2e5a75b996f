import { tokenizeTql, type TqlToken } from './tokenize-tql';
import { TqlError } from './tql-error';

export type TqlLiteral = { type: 'string'; value: string } | { type: 'number'; value: number } | { type: 'boolean'; value: boolean };

export type TqlOperator = '=' | '!=' | '>' | '<' | '>=' | '<=' | 'like' | 'contains' | 'startswith' | 'endswith';

export type TqlNode =
  | { kind: 'and' | 'or'; left: TqlNode; right: TqlNode }
  | { kind: 'compare'; field: string; op: TqlOperator; negate: boolean; value: TqlLiteral; pos: number }
  | { kind: 'in'; field: string; negate: boolean; values: TqlLiteral[]; pos: number }
  | { kind: 'null'; field: string; negate: boolean; pos: number }
  | { kind: 'call'; name: string; inner: TqlNode; pos: number };

const TEXT_OPS = new Set(['like', 'contains', 'startswith', 'endswith']);

/** Recursive descent over TQL: `or` binds looser than `and`; parentheses group; keywords are case-insensitive. */
class Parser {
  #at = 0;

  constructor(private readonly tokens: TqlToken[]) {}

  /** A method, not a getter, so TypeScript does not keep a narrowed token kind across `#at` moves. */
  #peek(): TqlToken {
    return this.tokens[this.#at]!;
  }

  #isWord(word: string): boolean {
    return this.#peek().kind === 'word' && this.#peek().text.toLowerCase() === word;
  }

  #fail(what: string, token: TqlToken = this.#peek()): never {
    throw new TqlError(token.kind === 'end' ? `${what}, found the end of the query` : `${what}, found '${token.text}'`, token.pos);
  }

  #take(kind: TqlToken['kind'], what: string): TqlToken {
    if (this.#peek().kind !== kind) this.#fail(`expected ${what}`);
    return this.tokens[this.#at++]!;
  }

  parse(): TqlNode {
    if (this.#peek().kind === 'end') throw new TqlError('the query is empty', 0);
    const node = this.#or();
    if (this.#peek().kind !== 'end') this.#fail('expected and, or or the end of the query');
    return node;
  }

  #or(): TqlNode {
    let left = this.#and();
    while (this.#isWord('or')) {
      this.#at += 1;
      left = { kind: 'or', left, right: this.#and() };
    }
    return left;
  }

  #and(): TqlNode {
    let left = this.#primary();
    while (this.#isWord('and')) {
      this.#at += 1;
      left = { kind: 'and', left, right: this.#primary() };
    }
    return left;
  }

  #primary(): TqlNode {
    if (this.#peek().kind === 'lparen') {
      this.#at += 1;
      const inner = this.#or();
      this.#take('rparen', "')'");
      return inner;
    }
    const name = this.#take('word', 'a parameter name');
    if (this.#peek().kind === 'lparen') {
      this.#at += 1;
      const inner = this.#or();
      this.#take('rparen', "')'");
      return { kind: 'call', name: name.text, inner, pos: name.pos };
    }
    return this.#clause(name);
  }

  #clause(field: TqlToken): TqlNode {
    const base = { field: field.text, pos: field.pos };
    if (this.#peek().kind === 'op') {
      const op = this.tokens[this.#at++]!.text as TqlOperator;
      return { kind: 'compare', ...base, op, negate: false, value: this.#literal() };
    }
    let negate = false;
    if (this.#isWord('is')) {
      this.#at += 1;
      if (this.#isWord('not')) {
        negate = true;
        this.#at += 1;
      }
      if (!this.#isWord('null')) this.#fail("expected 'null'");
      this.#at += 1;
      return { kind: 'null', ...base, negate };
    }
    if (this.#isWord('not')) {
      negate = true;
      this.#at += 1;
    }
    if (this.#isWord('in')) {
      this.#at += 1;
      return { kind: 'in', ...base, negate, values: this.#list() };
    }
    const word = this.#peek().kind === 'word' ? this.#peek().text.toLowerCase() : '';
    if (!TEXT_OPS.has(word)) this.#fail(`expected an operator after '${field.text}'`);
    this.#at += 1;
    return { kind: 'compare', ...base, op: word as TqlOperator, negate, value: this.#literal() };
  }

  #list(): TqlLiteral[] {
    this.#take('lparen', "'(' to open the list");
    const values = [this.#literal()];
    while (this.#peek().kind === 'comma') {
      this.#at += 1;
      values.push(this.#literal());
    }
    this.#take('rparen', "')' to close the list");
    return values;
  }

  #literal(): TqlLiteral {
    const t = this.#peek();
    if (t.kind === 'string') {
      this.#at += 1;
      return { type: 'string', value: t.text };
    }
    if (t.kind === 'number') {
      this.#at += 1;
      return { type: 'number', value: Number(t.text) };
    }
    if (this.#isWord('true') || this.#isWord('false')) {
      this.#at += 1;
      return { type: 'boolean', value: t.text.toLowerCase() === 'true' };
    }
    return this.#fail('expected a value (a "string", a number, true or false)');
  }
}

/**
 * Parses TQL into a tree; throws TqlError with the position of the first problem.
 * @example parseTql('typeName in ("Host") and rating >= 3')
 */
export function parseTql(source: string): TqlNode {
  return new Parser(tokenizeTql(source)).parse();
}
