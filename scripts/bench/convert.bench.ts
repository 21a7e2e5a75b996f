// Conversions per second on one core: ThreatConnect indicators → STIX 2.1 over a realistic mix of the nine types,
// each with tags, attributes, a group and a security label as `fields=` returns them.
// Run: node scripts/bench/run.mjs convert
import { convertIndicator, dedupeKeys, type ConvertOptions } from '../../app/stix';
import type { TcIndicator } from '../../sdk';
import { createIndicatorValidator } from '../../app/stix/indicator-validator';
import { reportBench } from './report';

const COUNT = Number(process.env.BENCH_COUNT ?? 50_000);
const ROUNDS = 9;

/** Share of each type in an export (hosts and addresses dominate real feeds). */
const MIX: Array<[string, number]> = [
  ['Address', 30],
  ['Host', 22],
  ['URL', 15],
  ['File', 15],
  ['EmailAddress', 5],
  ['CIDR', 3],
  ['Email Subject', 4],
  ['ASN', 3],
  ['Registry Key', 3],
];

/** A small deterministic generator, so every run converts the same data. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const rnd = random(42);
const pick = <T>(items: T[]): T => items[Math.floor(rnd() * items.length)] as T;
const hex = (length: number) => Array.from({ length }, () => '0123456789ABCDEF'[Math.floor(rnd() * 16)]).join('');
const int = (max: number) => Math.floor(rnd() * max);

function valueFields(type: string, i: number): Record<string, string> {
  switch (type) {
    case 'Address':
      return rnd() < 0.85 ? { ip: `${int(224)}.${int(256)}.${int(256)}.${int(256)}` } : { ip: `2a03:b0c0:${hex(2)}:e0:0:0:${hex(3)}:${hex(4)}` };
    case 'Host':
      return { hostName: `${pick(['login', 'secure', 'cdn', 'mail'])}-${i.toString(36)}.${pick(['example.com', 'badsite.net', 'evil.co.uk'])}` };
    case 'URL':
      return { text: `https://${i.toString(36)}.example.com/path/${hex(6).toLowerCase()}?id=${i}` };
    case 'File':
      return rnd() < 0.5 ? { md5: hex(32), sha1: hex(40), sha256: hex(64) } : { sha256: hex(64) };
    case 'EmailAddress':
      return { address: `user${i}@${pick(['example.com', 'mail.badsite.net'])}` };
    case 'CIDR':
      return { Block: `${int(224)}.${int(256)}.${int(256)}.0/${pick([16, 24, 28])}` };
    case 'Email Subject':
      return { Subject: `Invoice ${i} – payment overdue, it's urgent` };
    case 'ASN':
      return { 'AS Number': `ASN${int(400000)}` };
    default:
      return { 'Key Name': `HKLM\\Software\\Vendor${i}\\Run`, 'Value Name': `Updater${i}`, 'Value Type': 'REG_SZ' };
  }
}

function makeIndicator(i: number): TcIndicator {
  const total = MIX.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = rnd() * total;
  const type = (MIX.find(([, weight]) => (roll -= weight) < 0) ?? MIX[0])?.[0] as string;
  const fields = valueFields(type, i);
  return {
    id: 100000 + i,
    ownerName: pick(['ABC-Owner', 'Common Community', 'Feed: Abuse.ch']),
    type,
    summary: Object.values(fields).join(' : '),
    dateAdded: '2024-05-06T07:08:09Z',
    lastModified: '2025-01-02T03:04:05Z',
    webLink: `https://app.threatconnect.com/#/details/indicators/${100000 + i}/overview`,
    rating: int(6),
    confidence: int(101),
    threatAssessScore: int(1000),
    tags: {
      data: [
        { id: 1, name: 'APT' },
        { id: 2, name: pick(['phishing', 'c2', 'malware']) },
      ],
    },
    attributes: {
      data: [
        { id: 1, type: 'Last Seen', value: '2025-01-01T00:00:00Z' },
        { id: 2, type: 'Phase of Intrusion', value: pick(['Delivery', 'Command and Control', 'Exploitation']) },
      ],
    },
    associatedGroups: { data: rnd() < 0.5 ? [{ id: 9, name: 'Campaign X', type: 'Campaign' }] : [] },
    securityLabels: { data: rnd() < 0.5 ? [{ name: pick(['TLP:AMBER', 'TLP:GREEN', 'TLP:CLEAR']) }] : [] },
    ...fields,
  } as TcIndicator;
}

function measure(indicators: TcIndicator[], options: ConvertOptions): { perSecond: number; objects: number; errors: number } {
  let objects = 0;
  let errors = 0;
  const start = process.hrtime.bigint();
  for (const indicator of indicators) {
    const result = convertIndicator(indicator, options);
    if (result.ok) objects += result.objects.length;
    else errors++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { perSecond: indicators.length / seconds, objects: objects / seconds, errors };
}

/** Conversion plus the check of every object against the OASIS schemas, as the App does before sending. */
function measureValidated(indicators: TcIndicator[], options: ConvertOptions): number {
  const validator = createIndicatorValidator();
  const start = process.hrtime.bigint();
  for (const indicator of indicators) {
    const result = convertIndicator(indicator, options);
    if (result.ok) for (const object of result.objects) if (validator.validate(object).length > 0) throw new Error(`invalid object ${object.id}`);
  }
  return indicators.length / (Number(process.hrtime.bigint() - start) / 1e9);
}

function measureKeys(indicators: TcIndicator[]): number {
  const start = process.hrtime.bigint();
  for (const indicator of indicators) dedupeKeys(indicator);
  return indicators.length / (Number(process.hrtime.bigint() - start) / 1e9);
}

const indicators = Array.from({ length: COUNT }, (_, i) => makeIndicator(i));
const ttlHours = { Address: 24, CIDR: 48, Host: 72, File: 96, URL: 120, ASN: 144, EmailAddress: 168, 'Email Subject': 192, 'Registry Key': 216 };
const options: ConvertOptions = { sourceSystem: 'ThreatConnect-Bench', ttlHours, now: new Date() };

measure(indicators, options); // warm-up: let the JIT settle
const runs = Array.from({ length: ROUNDS }, () => measure(indicators, options)).sort((a, b) => a.perSecond - b.perSecond);
const median = runs[Math.floor(ROUNDS / 2)] as ReturnType<typeof measure>;
if (median.errors > 0) throw new Error(`${median.errors} indicators of the benchmark data failed to convert`);
measureValidated(indicators, options); // warm-up
const validatedPerSecond = [measureValidated(indicators, options), measureValidated(indicators, options), measureValidated(indicators, options)].sort(
  (a, b) => a - b,
)[1] as number;
const keysPerSecond = [measureKeys(indicators), measureKeys(indicators), measureKeys(indicators)].sort((a, b) => a - b)[1] as number;

console.log(`${COUNT} indicators × ${ROUNDS} rounds, median: ${Math.round(median.perSecond)} indicators/s, ${Math.round(median.objects)} STIX objects/s`);
reportBench('convert', {
  indicatorsPerSecond: { value: Math.round(median.perSecond), unit: 'indicators/s', goal: '> 200000' },
  objectsPerSecond: { value: Math.round(median.objects), unit: 'objects/s' },
  validatedPerSecond: { value: Math.round(validatedPerSecond), unit: 'indicators/s converted and each object checked against the OASIS schemas' },
  dedupeKeysPerSecond: { value: Math.round(keysPerSecond), unit: 'indicators/s' },
});
