import { convertInvalid, convertOne, indicatorOf } from '../helpers';

describe('URL', () => {
  it.each([
    ['https://asdfgoogle.com/asdf', "[url:value = 'https://asdfgoogle.com/asdf']"],
    ['  HTTP://Example.COM/Path?q=1#frag  ', "[url:value = 'HTTP://Example.COM/Path?q=1#frag']"],
    ["http://evil.com/it's", "[url:value = 'http://evil.com/it\\'s']"],
    ['http://evil.com/a\\b', "[url:value = 'http://evil.com/a\\\\b']"],
    ['http://bücher.de/ä ö', "[url:value = 'http://bücher.de/ä ö']"],
    ['ftp://files.example.com/x.exe', "[url:value = 'ftp://files.example.com/x.exe']"],
    ['http://[2001:db8::1]:8080/', "[url:value = 'http://[2001:db8::1]:8080/']"],
  ])('%p → %s', (text, pattern) => {
    const object = convertOne(indicatorOf('URL', { text }));
    expect(object.pattern).toBe(pattern);
    expect(object.name).toBe(`${text.trim()} | ABC-Owner`);
  });

  it.each([
    ['evil.com/path', 'has no scheme'],
    ['/relative/path', 'has no scheme'],
    ['http://', 'is not a valid URL'],
    ['http://exa mple.com/', 'is not a valid URL'],
    ['http://evil.com/\u0000', 'contains control characters'],
    ['http://evil.com/a\nb', 'contains control characters'],
    ['http://evil.com/\ud800', 'incomplete UTF-16 surrogate pair'],
    [`http://evil.com/${'a'.repeat(9000)}`, 'is longer than 8192 characters'],
    ['   ', 'has an empty "text" value'],
  ])('rejects %p', (text, message) => {
    const error = convertInvalid(indicatorOf('URL', { text }));
    expect(error.message).toContain(message);
    expect(error.field).toBe('text');
  });
});
