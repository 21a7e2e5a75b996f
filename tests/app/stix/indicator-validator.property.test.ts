import fc from 'fast-check';
import { createIndicatorValidator, mergeTypeAlternatives } from '../../../app/stix/indicator-validator';
import { createStixValidator } from '../../../app/stix/validate-stix';
import { stixIndicator } from '../../helpers/stix-objects';

// The App checks every object with the OASIS schemas in a faster but equivalent form (mergeTypeAlternatives). Any
// object, valid or not, must get the same verdict from both: the schemas as published, read from vendor/stix2, and
// the App's.
const published = createStixValidator();
const app = createIndicatorValidator();

const anyValue = fc.oneof(
  fc.constant([]),
  fc.array(fc.oneof(fc.string(), fc.integer()), { minLength: 1, maxLength: 3 }),
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string(), fc.constant([]), fc.constant(null)), { maxKeys: 3 }),
);
const propertyName = fc.oneof(
  fc.constantFrom(
    'x_tc_owner',
    'x_custom',
    'id',
    'ab',
    'a',
    'x_bad-name',
    'Upper',
    'x_data_hex',
    'x_data_bin',
    'labels',
    'confidence',
    'external_references',
    'extensions',
    'pattern',
    'valid_until',
    'revoked',
    'lang',
  ),
  fc.stringMatching(/^[a-z][a-z0-9_]{0,12}(_hex|_bin)?$/),
);

it('the App’s validator and the published schemas agree on every object', () => {
  const verdicts = { valid: 0, invalid: 0 };
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 10_000 }),
      fc.array(fc.tuple(propertyName, anyValue), { maxLength: 4 }),
      fc.array(fc.constantFrom('id', 'pattern', 'valid_from', 'type', 'spec_version', 'created', 'modified', 'pattern_type'), { maxLength: 2 }),
      (i, extra, removed) => {
        const object: Record<string, unknown> = stixIndicator(i);
        for (const [name, value] of extra) object[name] = value;
        for (const name of removed) delete object[name];
        const valid = published.validate(object).length === 0;
        expect(app.validate(object).length === 0).toBe(valid);
        verdicts[valid ? 'valid' : 'invalid'] += 1;
      },
    ),
    { numRuns: 2000 },
  );
  // Both kinds of object were tried, many times.
  expect(verdicts.valid).toBeGreaterThan(100);
  expect(verdicts.invalid).toBeGreaterThan(200);
});

it('merges only anyOf lists of plain type branches, keeping everything else as it is', () => {
  expect(mergeTypeAlternatives({ anyOf: [{ type: 'array', minItems: 1 }, { type: 'string' }] })).toEqual({ type: ['array', 'string'], minItems: 1 });
  const kept = [
    { anyOf: [{ type: 'string', pattern: '^a' }, { type: 'integer' }] },
    { anyOf: [{ type: 'string', minItems: 1 }, { type: 'integer' }] },
    { type: 'object', anyOf: [{ type: 'string' }] },
    { anyOf: [{ required: ['a'] }, { required: ['b'] }] },
  ];
  for (const schema of kept) expect(mergeTypeAlternatives(schema)).toEqual(schema);
  expect(mergeTypeAlternatives({ properties: { a: { anyOf: [{ type: 'string' }, { type: 'boolean' }] } } })).toEqual({
    properties: { a: { type: ['string', 'boolean'] } },
  });
});
