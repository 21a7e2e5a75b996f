import valid from '../../../../fixtures/threatconnect/tql-valid.json';
import invalid from '../../../../fixtures/threatconnect/tql-invalid.json';
import type { TcIndicator } from '../../../../../sdk/threatconnect/types';
import { ObjectFacts } from '../../../../../sdk/testing/tc-simulator/indicator-facts';
import { compileTql, TqlError } from '../../../../../sdk/testing/tc-simulator';

const facts = new ObjectFacts(valid.indicator as TcIndicator);

describe('compileTql on valid queries', () => {
  it.each(valid.cases as Array<[string, boolean]>)('%s → %s', (tql, expected) => {
    expect(compileTql(tql).test(facts)).toBe(expected);
  });

  it.each([
    ['indicatorActive = false', true],
    ['rating > 1 and (indicatorActive = true or indicatorActive = false)', true],
    ['rating > 1', false],
    ['hasTag(name = "indicatorActive")', false],
  ])('%s decides about inactive indicators: %s', (tql, mentions) => {
    expect(compileTql(tql).mentionsActive).toBe(mentions);
  });
});

describe('compileTql on invalid queries', () => {
  it.each(invalid as Array<[string, string]>)('%j → %s', (tql, message) => {
    let error: unknown;
    try {
      compileTql(tql);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TqlError);
    expect((error as TqlError).message).toMatch(/^Invalid TQL query: /);
    expect((error as TqlError).message).toContain(message);
  });
});
