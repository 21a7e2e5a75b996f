import { TLP_MARKINGS } from '../../../app/stix';
import { toUri } from '../../../app/stix/external-references';
import { convertOne, indicatorOf } from './helpers';

const host = (fields: Record<string, unknown>) => convertOne(indicatorOf('Host', { hostName: 'example.com', ...fields }));
const collection = (items: unknown[]) => ({ data: items });

describe('confidence', () => {
  it.each([
    [45, 45],
    [0, 0],
    [100, 100],
    [44.5, 45],
    [-3, 0],
    [250, 100],
  ])('%p → %p', (confidence, expected) => {
    expect(host({ confidence }).confidence).toBe(expected);
  });

  it.each([[undefined], [null], ['45'], [Number.NaN], [Number.POSITIVE_INFINITY]])('omits %p', (confidence) => {
    expect(host({ confidence })).not.toHaveProperty('confidence');
  });
});

describe('labels from tags', () => {
  it.each([
    [
      [{ name: 'APT' }, { name: 'phishing' }],
      ['APT', 'phishing'],
    ],
    [
      [{ name: 'APT' }, { name: ' APT ' }, { name: 'apt' }],
      ['APT', 'apt'],
    ],
    [[{ name: '' }, { name: 'x' }, { id: 3 }, 'junk', null], ['x']],
    [[{ name: "quote ' and \\ backslash" }], ["quote ' and \\ backslash"]],
  ])('%p → %p', (tags, labels) => {
    expect(host({ tags: collection(tags) }).labels).toEqual(labels);
  });

  it.each([[undefined], [collection([])], [collection([{ name: ' ' }])], [{ data: 'x' }], ['tags']])('omits labels for %p', (tags) => {
    expect(host({ tags })).not.toHaveProperty('labels');
  });
});

describe('kill chain phases from "Phase of Intrusion"', () => {
  const phases = (values: unknown[], type = 'Phase of Intrusion') =>
    host({ attributes: collection(values.map((value) => ({ type, value }))) }).kill_chain_phases?.map((p) => p.phase_name);

  it.each([
    [['Command and Control'], ['command-and-control']],
    [
      ['Delivery', 'Reconnaissance', 'delivery'],
      ['delivery', 'reconnaissance'],
    ],
    [['  Actions on   Objectives '], ['actions-on-objectives']],
    [['Weaponization', ''], ['weaponization']],
  ])('%p → %p', (values, expected) => {
    expect(phases(values)).toEqual(expected);
  });

  it('uses the lockheed-martin-cyber-kill-chain and ignores other attributes', () => {
    expect(host({ attributes: collection([{ type: 'phase of intrusion', value: 'Exploitation' }]) }).kill_chain_phases).toEqual([
      { kill_chain_name: 'lockheed-martin-cyber-kill-chain', phase_name: 'exploitation' },
    ]);
    expect(phases(['Delivery'], 'Description')).toBeUndefined();
  });
});

describe('TLP markings from security labels', () => {
  it.each([
    [['TLP:WHITE'], TLP_MARKINGS.white],
    [['TLP:CLEAR'], TLP_MARKINGS.white],
    [['TLP:GREEN'], TLP_MARKINGS.green],
    [['TLP:AMBER'], TLP_MARKINGS.amber],
    [['TLP:AMBER+STRICT'], TLP_MARKINGS.amber],
    [['tlp:red'], TLP_MARKINGS.red],
    [['TLP:GREEN', 'TLP:RED', 'TLP:AMBER'], TLP_MARKINGS.red],
    [['Confidential', 'TLP:GREEN'], TLP_MARKINGS.green],
  ])('%p → %s', (names, marking) => {
    expect(host({ securityLabels: collection(names.map((name) => ({ name }))) }).object_marking_refs).toEqual([marking]);
  });

  it.each([[['Confidential']], [['TLP:PURPLE']], [[]]])('omits markings for %p', (names) => {
    expect(host({ securityLabels: collection(names.map((name) => ({ name }))) })).not.toHaveProperty('object_marking_refs');
  });
});

describe('external references', () => {
  it('links to ThreatConnect with the id', () => {
    expect(
      host({ id: 42, webLink: 'https://app.threatconnect.com/auth/indicators/details/host.xhtml?host=example.com&owner=My+Org' }).external_references,
    ).toEqual([
      {
        source_name: 'ThreatConnect',
        url: 'https://app.threatconnect.com/auth/indicators/details/host.xhtml?host=example.com&owner=My+Org',
        external_id: '42',
      },
    ]);
  });

  it.each([[undefined], [''], ['not a link'], ['javascript:alert(1)'], [7]])('omits the url for web link %p', (webLink) => {
    expect(host({ id: 42, webLink }).external_references).toEqual([{ source_name: 'ThreatConnect', external_id: '42' }]);
  });

  it.each([
    ['https://a.example/ #/details/1', 'https://a.example/%20#/details/1'],
    ['https://a.example/a|b^c[1]?q={x}#f#g', 'https://a.example/a%7Cb%5Ec%5B1%5D?q=%7Bx%7D#f%23g'],
    ['https://bücher.de/ä', 'https://xn--bcher-kva.de/%C3%A4'],
    ['https://a.example/100%', 'https://a.example/100%25'],
    ['https://a.example/%41', 'https://a.example/%41'],
  ])('makes %p an RFC 3986 URI', (webLink, uri) => {
    expect(toUri(webLink)).toBe(uri);
    expect(host({ webLink }).external_references?.[0]?.url).toBe(uri);
  });
});

describe('description', () => {
  it('always has every key, null where ThreatConnect gave nothing', () => {
    const description = JSON.parse(host({ summary: undefined }).description ?? '') as unknown;
    expect(description).toEqual({
      type: 'Host',
      summary: 'example.com',
      confidence: null,
      rating: null,
      threatAssessScore: null,
      ownerName: 'ABC-Owner',
      associatedGroups: [],
      attributes: [],
      webLink: null,
    });
  });

  it('lists group names and attributes as {type, value}', () => {
    const object = host({
      associatedGroups: collection([{ id: 1, name: 'Campaign X', type: 'Campaign' }, { id: 2 }]),
      attributes: collection([{ type: 'Source', value: 'x' }, { type: 'Count', value: 3 }, { value: 'no type' }]),
      rating: 2.5,
    });
    expect(JSON.parse(object.description ?? '')).toMatchObject({
      rating: 2.5,
      associatedGroups: ['Campaign X'],
      attributes: [
        { type: 'Source', value: 'x' },
        { type: 'Count', value: '3' },
      ],
    });
  });

  it('leaves the owner out of the name when there is none', () => {
    expect(host({ ownerName: undefined }).name).toBe('example.com');
  });
});
