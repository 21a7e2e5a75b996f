import { redactUrl } from '../../../sdk/threatconnect';

describe('redactUrl', () => {
  it.each([
    ['no query', 'https://h/api/v3/indicators', 'https://h/api/v3/indicators'],
    ['appAuth token', 'https://h/api/appAuth?expiredToken=abc%3Adef', 'https://h/api/appAuth?expiredToken=***'],
    ['TQL stays', 'https://h/api/v3/indicators?tql=rating%20%3E%203&resultStart=0', 'https://h/api/v3/indicators?tql=rating%20%3E%203&resultStart=0'],
    ['several secrets', 'https://h/x?token=a&owner=o&secretKey=s&password=p', 'https://h/x?token=***&owner=o&secretKey=***&password=***'],
    ['encoded name', 'https://h/x?api%54oken=a', 'https://h/x?api%54oken=***'],
    ['flag without value', 'https://h/x?count', 'https://h/x?count'],
  ])('%s', (_name, url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
