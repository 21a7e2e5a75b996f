import { errorDetails, parseRejections, retryAfterMs } from '../../../app/sentinel';

// Sentinel's upload answers as Microsoft documents them (docs/platform-contracts.md): the two names of a refused
// object's messages, the gateway's 429 body, the API's default error body.
describe('parseRejections', () => {
  it.each([
    ['errorMessages (the STIX objects API page)', 'errorMessages'],
    ['validationErrorMessages (the OpenAPI spec)', 'validationErrorMessages'],
  ])('reads the refused objects under %s', (_name, field) => {
    const body = JSON.stringify({ errors: [{ recordIndex: 1, [field]: ['Error for Property=id: Required property is missing. Actual value: NULL.'] }] });
    expect(parseRejections(body, 3)).toEqual([{ index: 1, messages: ['Error for Property=id: Required property is missing. Actual value: NULL.'] }]);
  });

  it('reads an empty 200 as every object accepted, and ignores indexes outside the batch', () => {
    expect(parseRejections('', 5)).toEqual([]);
    expect(parseRejections(JSON.stringify({ errors: [{ recordIndex: 9, errorMessages: ['x'] }] }), 5)).toEqual([]);
  });
});

describe('the 429 and error bodies', () => {
  it('waits as "Try again in N seconds" says when there is no Retry-After header', () => {
    expect(retryAfterMs(undefined, JSON.stringify({ statusCode: 429, message: 'Rate limit is exceeded. Try again in 45 seconds.' }), 0)).toBe(45_000);
    expect(retryAfterMs('7', '', 0)).toBe(7000);
  });

  it.each([
    [
      'the default error',
      { error: { code: 'BadRequest', message: 'Body of the request is not in valid JSON format.' } },
      { code: 'BadRequest', message: 'Body of the request is not in valid JSON format.' },
    ],
    [
      'the gateway’s',
      { statusCode: 401, message: 'Unauthorized. Access token is missing or invalid.' },
      { message: 'Unauthorized. Access token is missing or invalid.' },
    ],
  ])('reads %s body', (_name, body, details) => {
    expect(errorDetails(JSON.stringify(body))).toEqual(details);
  });
});
