import { convertInvalid, convertOne, expectValidStix, indicatorOf, literalValue } from '../helpers';

describe('Email Subject', () => {
  it.each([
    ['Test Email Subject', "'Test Email Subject'"],
    ["It's urgent", "'It\\'s urgent'"],
    ['C:\\path\\to', "'C:\\\\path\\\\to'"],
    ["\\'", "'\\\\\\''"],
    ['line one\nline two\r\n\tend', "'line one\nline two\r\n\tend'"],
    ['Rechnung für Sie 💸 — 請求書', "'Rechnung für Sie 💸 — 請求書'"],
    ['bell \u0007 and escape \u001b', "'bell \u0007 and escape \u001b'"],
    ["]' OR [x:y = '1", "']\\' OR [x:y = \\'1'"],
  ])('%p is carried exactly', (Subject, literal) => {
    const object = convertOne(indicatorOf('Email Subject', { Subject }));
    expect(object.pattern).toBe(`[email-message:subject = ${literal}]`);
    expect(literalValue(expectValidStix(object)[0]?.value ?? [])).toBe(Subject);
  });

  it.each([
    ['', 'has an empty "Subject" value'],
    ['nul \u0000 byte', 'contains control characters'],
    ['broken \udc00 pair', 'incomplete UTF-16 surrogate pair'],
    ['x'.repeat(9000), 'is longer than 8192 characters'],
  ])('rejects %p', (Subject, message) => {
    const error = convertInvalid(indicatorOf('Email Subject', { Subject }));
    expect(error.message).toContain(message);
    expect(error.field).toBe('Subject');
  });
});
