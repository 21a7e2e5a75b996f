import type { PreviewResult } from '../../../../app/routes/api-types';
import { matchSentence, previewRows, sampleTally } from '../../../../ui/pages/configure/preview-rows';

/** An object as the converter writes it: the ThreatConnect context in the description, `<value> | <owner>` as name. */
function stix(value: string, type: string, owner: string, summary = value, extra: object = {}): object {
  const description = JSON.stringify({
    type,
    summary,
    confidence: 60,
    rating: 3,
    threatAssessScore: null,
    ownerName: owner,
    associatedGroups: [],
    attributes: [],
    webLink: null,
  });
  return { type: 'indicator', id: `indicator--${value}`, name: `${value} | ${owner}`, description, valid_until: '2030-01-01T00:00:00.000Z', ...extra };
}

describe('previewRows', () => {
  it('reads value, type, owner, confidence, tags and valid until back from each object', () => {
    expect(previewRows([stix('198.51.100.7', 'Address', 'ABC | Owner', undefined, { confidence: 60, labels: ['phish', 'apt'] })])).toEqual([
      {
        id: 'indicator--198.51.100.7',
        value: '198.51.100.7',
        type: 'Address',
        owner: 'ABC | Owner',
        confidence: 60,
        tags: ['phish', 'apt'],
        validUntil: '2030-01-01T00:00:00.000Z',
        indicator: 'Address\nABC | Owner\n198.51.100.7',
      },
    ]);
  });

  it('shows an object that is not the converter’s by its name alone', () => {
    expect(previewRows([{ id: 'x', name: 'odd', description: 'not json' }])[0]).toMatchObject({ value: 'odd', type: '', owner: '', tags: [] });
  });
});

describe('the sample by type', () => {
  const file = 'aa : bb';
  const result: PreviewResult = {
    count: 1234,
    // A File with two hashes is two objects of one indicator.
    sample: [stix('1.2.3.4', 'Address', 'O'), stix('aa', 'File', 'O', file), stix('bb', 'File', 'O', file), stix('a@b.example', 'EmailAddress', 'O')],
    errors: [{ indicator: '999.1.1.1', message: 'not an IP address' }],
  };

  it('counts indicators, not objects, and the ones that cannot be converted', () => {
    expect(sampleTally(result)).toEqual({
      size: 4,
      perType: [
        ['Address', 1],
        ['File', 1],
        ['Email Address', 1],
      ],
    });
  });

  it('says the per-type counts come from the sample', () => {
    expect(matchSentence(result)).toBe('1234 indicators match this query (in the sample of 4: Address 1, File 1, Email Address 1, 1 cannot be converted).');
    expect(matchSentence({ count: 0, sample: [], errors: [] })).toBe('0 indicators match this query.');
    // ThreatConnect's count per type, when the service gives it, is what the sentence tells.
    expect(matchSentence({ count: 1234, countsByType: { Address: 1000, EmailAddress: 234, Host: 0 }, sample: [], errors: [] })).toBe(
      '1234 indicators match this query: Address 1,000, Email Address 234, Host 0.',
    );
    expect(matchSentence({ count: 1, sample: [stix('h.example', 'Host', 'O')], errors: [] })).toBe(
      '1 indicator matches this query (in the sample of 1: Host 1).',
    );
  });
});
