import { encodeComponent, encodeQuery } from '../../../sdk/threatconnect';

describe('encodeQuery', () => {
  it.each([
    ['empty', {}, ''],
    ['space as %20', { owner: 'Common Community' }, 'owner=Common%20Community'],
    ['repeated keys for arrays', { fields: ['tags', 'attributes', 'securityLabels'] }, 'fields=tags&fields=attributes&fields=securityLabels'],
    ['numbers and booleans', { resultStart: 0, resultLimit: 10000, count: true }, 'resultStart=0&resultLimit=10000&count=true'],
    ['null and undefined skipped', { a: undefined, b: null, c: 'x' }, 'c=x'],
    ['empty array skipped', { fields: [] }, ''],
    ['RFC 3986 reserved', { q: "!'()*" }, 'q=%21%27%28%29%2A'],
    ['plus and ampersand', { q: 'a+b&c=d' }, 'q=a%2Bb%26c%3Dd'],
    ['unicode', { q: 'é' }, 'q=%C3%A9'],
    ['empty string kept', { q: '' }, 'q='],
  ])('%s', (_name, params, expected) => {
    expect(encodeQuery(params)).toBe(expected);
  });

  it('keeps the order of pairs given as a list', () => {
    expect(
      encodeQuery([
        ['b', '2'],
        ['a', '1'],
        ['b', '3'],
      ]),
    ).toBe('b=2&a=1&b=3');
  });

  it('round-trips through URLSearchParams', () => {
    const value = `typeName in ("Host") and summary contains "it's 100% + more"`;
    expect(new URLSearchParams(encodeQuery({ tql: value })).get('tql')).toBe(value);
    expect(encodeComponent(value)).not.toMatch(/[ '()!*+]/);
  });
});
