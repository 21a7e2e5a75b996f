import type { ComparisonExpression, ComparisonOperator, Literal, ObjectPath, ObservationExpression, PathStep, Qualifier } from './ast';
import type { Token, TokenType } from './tokens';

export class PatternSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'PatternSyntaxError';
  }
}

const ORDERABLE: ReadonlySet<TokenType> = new Set([
  'IntPosLiteral',
  'IntNegLiteral',
  'FloatPosLiteral',
  'FloatNegLiteral',
  'StringLiteral',
  'BinaryLiteral',
  'HexLiteral',
  'TimestampLiteral',
]);
const OPERATOR: Partial<Record<TokenType, ComparisonOperator>> = { EQ: '=', NEQ: '!=', GT: '>', LT: '<', GE: '>=', LE: '<=' };
const STRING_OPERATORS: Partial<Record<TokenType, ComparisonOperator>> = {
  LIKE: 'LIKE',
  MATCHES: 'MATCHES',
  ISSUBSET: 'ISSUBSET',
  ISSUPERSET: 'ISSUPERSET',
};

/** Undoes the two escapes a StringLiteral may hold (`\'` and `\\`). */
function unescapeString(text: string): string {
  return text.slice(1, -1).replace(/\\(['\\])/g, '$1');
}

export function decodeLiteral(token: Token): Literal {
  const { type, text } = token;
  switch (type) {
    case 'StringLiteral':
      return { kind: 'string', value: unescapeString(text) };
    case 'IntPosLiteral':
    case 'IntNegLiteral':
      return { kind: 'int', value: Number(text), text };
    case 'FloatPosLiteral':
    case 'FloatNegLiteral':
      return { kind: 'float', value: Number(text), text };
    case 'BoolLiteral':
      return { kind: 'bool', value: text === 'true' };
    case 'BinaryLiteral':
      return { kind: 'binary', value: text.slice(2, -1) };
    case 'HexLiteral':
      return { kind: 'hex', value: text.slice(2, -1) };
    case 'TimestampLiteral':
      return { kind: 'timestamp', value: text.slice(2, -1) };
    default:
      throw new Error(`${type} is not a literal`);
  }
}

/**
 * A recursive-descent parser of the STIXPattern.g4 parser rules. The grammar's left-recursive rules become loops
 * (all binary operators are left-associative); precedence from loosest: FOLLOWEDBY, OR, AND between observation
 * expressions and OR, AND between comparisons; qualifiers bind to the observation expression before them.
 */
/** Parentheses nest at most this deep: far beyond any real pattern, well within the call stack. */
const MAX_NESTING = 500;

export class PatternParser {
  #pos = 0;
  #nesting = 0;

  constructor(private readonly tokens: Token[]) {}

  parsePattern(): ObservationExpression {
    const expression = this.#observationExpressions();
    this.#expect(['EOF'], 'the end of the pattern');
    return expression;
  }

  get #token(): Token {
    return this.tokens[this.#pos] as Token;
  }

  #at(type: TokenType): boolean {
    return this.#token.type === type;
  }

  #take(): Token {
    const token = this.#token;
    if (token.type !== 'EOF') this.#pos++;
    return token;
  }

  #expect(types: TokenType[], what: string): Token {
    if (!types.includes(this.#token.type)) this.#fail(what);
    return this.#take();
  }

  #fail(expected: string): never {
    const token = this.#token;
    const found = token.type === 'EOF' ? 'the end of the pattern' : `'${token.text}'`;
    throw new PatternSyntaxError(`unexpected ${found} at offset ${token.offset}, expected ${expected}`, token.offset);
  }

  #enter(): void {
    if (this.#nesting >= MAX_NESTING) {
      throw new PatternSyntaxError(`parentheses nested deeper than ${MAX_NESTING} at offset ${this.#token.offset}`, this.#token.offset);
    }
    this.#nesting++;
    this.#take();
  }

  #observationExpressions(): ObservationExpression {
    let left = this.#observationOr();
    while (this.#at('FOLLOWEDBY')) {
      this.#take();
      left = { kind: 'followedby', left, right: this.#observationOr() };
    }
    return left;
  }

  #observationOr(): ObservationExpression {
    let left = this.#observationAnd();
    while (this.#at('OR')) {
      this.#take();
      left = { kind: 'or', left, right: this.#observationAnd() };
    }
    return left;
  }

  #observationAnd(): ObservationExpression {
    let left = this.#observation();
    while (this.#at('AND')) {
      this.#take();
      left = { kind: 'and', left, right: this.#observation() };
    }
    return left;
  }

  #observation(): ObservationExpression {
    let expression: ObservationExpression;
    if (this.#at('LBRACK')) {
      this.#take();
      expression = { kind: 'observation', comparison: this.#comparisonOr() };
      this.#expect(['RBRACK'], "']'");
    } else if (this.#at('LPAREN')) {
      this.#enter();
      expression = this.#observationExpressions();
      this.#expect(['RPAREN'], "')'");
      this.#nesting--;
    } else {
      this.#fail("'[' or '('");
    }
    for (let qualifier = this.#qualifier(); qualifier; qualifier = this.#qualifier()) {
      expression = { kind: 'qualified', expression, qualifier };
    }
    return expression;
  }

  #qualifier(): Qualifier | undefined {
    if (this.#at('START')) {
      this.#take();
      const start = decodeLiteral(this.#expect(['TimestampLiteral'], 'a timestamp')).value as string;
      this.#expect(['STOP'], 'STOP');
      const stop = decodeLiteral(this.#expect(['TimestampLiteral'], 'a timestamp')).value as string;
      return { kind: 'startstop', start, stop };
    }
    if (this.#at('WITHIN')) {
      this.#take();
      const seconds = decodeLiteral(this.#expect(['IntPosLiteral', 'FloatPosLiteral'], 'a positive number')).value as number;
      this.#expect(['SECONDS'], 'SECONDS');
      return { kind: 'within', seconds };
    }
    if (this.#at('REPEATS')) {
      this.#take();
      const times = decodeLiteral(this.#expect(['IntPosLiteral'], 'a positive integer')).value as number;
      this.#expect(['TIMES'], 'TIMES');
      return { kind: 'repeats', times };
    }
    return undefined;
  }

  #comparisonOr(): ComparisonExpression {
    let left = this.#comparisonAnd();
    while (this.#at('OR')) {
      this.#take();
      left = { kind: 'or', left, right: this.#comparisonAnd() };
    }
    return left;
  }

  #comparisonAnd(): ComparisonExpression {
    let left = this.#propTest();
    while (this.#at('AND')) {
      this.#take();
      left = { kind: 'and', left, right: this.#propTest() };
    }
    return left;
  }

  #propTest(): ComparisonExpression {
    if (this.#at('LPAREN')) {
      this.#enter();
      const inner = this.#comparisonOr();
      this.#expect(['RPAREN'], "')'");
      this.#nesting--;
      return inner;
    }
    if (this.#at('NOT') || this.#at('EXISTS')) {
      const negated = this.#at('NOT');
      if (negated) this.#take();
      this.#expect(['EXISTS'], 'EXISTS');
      return { kind: 'exists', path: this.#objectPath(), negated };
    }
    const path = this.#objectPath();
    const negated = this.#at('NOT');
    if (negated) this.#take();
    const type = this.#token.type;
    const ordered = OPERATOR[type];
    if (ordered) {
      this.#take();
      const value = ordered === '=' || ordered === '!=' ? this.#primitiveLiteral() : this.#orderableLiteral();
      return { kind: 'comparison', path, negated, operator: ordered, value };
    }
    if (type === 'IN') {
      this.#take();
      return { kind: 'comparison', path, negated, operator: 'IN', value: this.#setLiteral() };
    }
    const stringOperator = STRING_OPERATORS[type];
    if (!stringOperator) this.#fail('a comparison operator');
    this.#take();
    const value = decodeLiteral(this.#expect(['StringLiteral'], 'a string literal'));
    return { kind: 'comparison', path, negated, operator: stringOperator, value };
  }

  #objectPath(): ObjectPath {
    const objectType = this.#expect(['IdentifierWithoutHyphen', 'IdentifierWithHyphen'], 'an object type').text;
    this.#expect(['COLON'], "':'");
    const steps: PathStep[] = [this.#keyStep()];
    for (;;) {
      if (this.#at('DOT')) {
        this.#take();
        steps.push(this.#keyStep());
      } else if (this.#at('LBRACK')) {
        this.#take();
        const index = this.#expect(['IntPosLiteral', 'IntNegLiteral', 'ASTERISK'], "an index or '*'");
        this.#expect(['RBRACK'], "']'");
        steps.push({ kind: 'index', index: index.type === 'ASTERISK' ? '*' : Number(index.text) });
      } else {
        return { objectType, steps };
      }
    }
  }

  #keyStep(): PathStep {
    const token = this.#expect(['IdentifierWithoutHyphen', 'StringLiteral'], 'a property name (quoted if it has a hyphen)');
    return { kind: 'key', key: token.type === 'StringLiteral' ? unescapeString(token.text) : token.text };
  }

  #primitiveLiteral(): Literal {
    if (this.#at('BoolLiteral')) return decodeLiteral(this.#take());
    return this.#orderableLiteral();
  }

  #orderableLiteral(): Literal {
    if (!ORDERABLE.has(this.#token.type)) this.#fail('a literal');
    return decodeLiteral(this.#take());
  }

  #setLiteral(): Literal[] {
    this.#expect(['LPAREN'], "'('");
    const values: Literal[] = [];
    if (!this.#at('RPAREN')) {
      values.push(this.#primitiveLiteral());
      while (this.#at('COMMA')) {
        this.#take();
        values.push(this.#primitiveLiteral());
      }
    }
    this.#expect(['RPAREN'], "')'");
    return values;
  }
}
