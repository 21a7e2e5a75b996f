import { TcApiError } from '../../../sdk/threatconnect';
import { readTcMessage } from '../../../sdk/threatconnect/tc-api-error';

describe('TcApiError', () => {
  it.each([
    [
      { method: 'GET', url: 'https://h/api/v3/x', status: 400, tcMessage: 'Invalid TQL' },
      'ThreatConnect API GET https://h/api/v3/x failed with 400: Invalid TQL',
    ],
    [
      { method: 'GET', url: 'https://h/api/v3/x', status: 500, tcMessage: 'boom', attempts: 4 },
      'ThreatConnect API GET https://h/api/v3/x failed with 500: boom (after 4 attempts)',
    ],
    [
      { method: 'POST', url: 'https://h/api/v3/x', reason: 'connect ECONNREFUSED', attempts: 2 },
      'ThreatConnect API POST https://h/api/v3/x failed: connect ECONNREFUSED (after 2 attempts)',
    ],
    [{ method: 'GET', url: 'https://h/api/v3/x', status: 404 }, 'ThreatConnect API GET https://h/api/v3/x failed with 404'],
  ])('%j', (details, message) => {
    const err = new TcApiError(details);
    expect(err.message).toBe(message);
    expect(err).toMatchObject({ name: 'TcApiError', method: details.method, url: details.url, status: 'status' in details ? details.status : undefined });
    expect(err).toBeInstanceOf(Error);
  });

  it.each([
    ['{"status":"Error","message":"No access to owner"}', 'No access to owner'],
    ['<html>Bad gateway</html>', undefined],
    ['{"status":"Error"}', undefined],
    ['', undefined],
  ])('reads the TC message of %s', (body, expected) => {
    expect(readTcMessage(body)).toBe(expected);
  });
});
