import fs from 'node:fs';
import path from 'node:path';
import { parseStixPattern } from '../../../../app/stix';
import { lexPattern } from '../../../../app/stix/pattern/lex-pattern';
import { comparisonsOf } from '../helpers';

function lines(file: string): string[] {
  const text = fs.readFileSync(path.join(__dirname, '../../../fixtures/stix', file), 'utf8');
  return text.split('\n').filter((line) => line.trim() !== '');
}

describe('parseStixPattern', () => {
  it.each(lines('spec-patterns-valid.txt'))('accepts %s', (pattern) => {
    const result = parseStixPattern(pattern);
    expect(result.ok ? '' : result.error.message).toBe('');
  });

  it.each(lines('spec-patterns-invalid.txt'))('rejects %s', (pattern) => {
    const result = parseStixPattern(pattern);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/^unexpected .* at offset \d+, expected /);
  });

  it('decodes string escapes and every literal kind', () => {
    const result = parseStixPattern(
      "[a:b = 'it\\'s a \\\\ path' AND a:c = -12 AND a:d = +.5 AND a:e = true AND a:f = b'AAAA' AND a:g = h'0aFF' AND a:h = t'2016-06-01T01:30:00.123Z']",
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(comparisonsOf(result.ast).map((c) => c.value)).toEqual([
      { kind: 'string', value: "it's a \\ path" },
      { kind: 'int', value: -12, text: '-12' },
      { kind: 'float', value: 0.5, text: '+.5' },
      { kind: 'bool', value: true },
      { kind: 'binary', value: 'AAAA' },
      { kind: 'hex', value: '0aFF' },
      { kind: 'timestamp', value: '2016-06-01T01:30:00.123Z' },
    ]);
  });

  it('reads object paths with quoted steps and indexes', () => {
    const result = parseStixPattern("[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0 AND x:list[-2].'a b' = 'c']");
    if (!result.ok) throw new Error(result.error.message);
    const [first, second] = comparisonsOf(result.ast);
    expect(first?.path).toBe('file:extensions.windows-pebinary-ext.sections[*].entropy');
    expect(second?.path).toBe('x:list[-2].a b');
  });

  it('binds FOLLOWEDBY loosest, then OR, then AND, all left-associative, qualifiers to the expression before them', () => {
    const result = parseStixPattern('[a:b = 1] AND [a:b = 2] OR [a:b = 3] FOLLOWEDBY [a:b = 4] WITHIN 5 SECONDS REPEATS 2 TIMES');
    if (!result.ok) throw new Error(result.error.message);
    expect(result.ast).toMatchObject({
      kind: 'followedby',
      left: { kind: 'or', left: { kind: 'and' }, right: { kind: 'observation' } },
      right: { kind: 'qualified', qualifier: { kind: 'repeats', times: 2 }, expression: { kind: 'qualified', qualifier: { kind: 'within', seconds: 5 } } },
    });
    const comparison = parseStixPattern('[a:b = 1 OR a:b = 2 AND a:b = 3]');
    expect(comparison.ok && comparison.ast).toMatchObject({ comparison: { kind: 'or', right: { kind: 'and' } } });
  });

  it('lexes like ANTLR: longest match, first rule on a tie', () => {
    const types = (text: string) => lexPattern(text).map((t) => `${t.type}:${t.text}`);
    expect(types("AND ANDROID true truex h'zz' -")).toEqual([
      'AND:AND',
      'IdentifierWithoutHyphen:ANDROID',
      'BoolLiteral:true',
      'IdentifierWithoutHyphen:truex',
      'IdentifierWithoutHyphen:h',
      "StringLiteral:'zz'",
      'HYPHEN:-',
      'EOF:',
    ]);
    expect(types('ipv4-addr 1. .5 <= <> ==')).toEqual([
      'IdentifierWithHyphen:ipv4-addr',
      'IntPosLiteral:1',
      'DOT:.',
      'FloatPosLiteral:.5',
      'LE:<=',
      'NEQ:<>',
      'EQ:==',
      'EOF:',
    ]);
  });

  it.each([
    ['observation', (n: number) => `${'('.repeat(n)}[a:b = 1]${')'.repeat(n)}`],
    ['comparison', (n: number) => `[${'('.repeat(n)}a:b = 1${')'.repeat(n)}]`],
  ])('accepts %s parentheses 500 deep and reports deeper nesting as an error, not a crash', (_kind, nest) => {
    expect(parseStixPattern(nest(500)).ok).toBe(true);
    const result = parseStixPattern(nest(50000));
    expect(result.ok || result.error.message).toMatch(/^parentheses nested deeper than 500/);
  });
});
