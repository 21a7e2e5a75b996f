import { parseCoreMessage, type CoreCommand } from '../../../../sdk/service/core/core-messages';

const run = (fields: Record<string, unknown>) => JSON.stringify({ command: 'RunService', requestKey: 'k-1', method: 'GET', path: 'api/x', ...fields });

describe('parseCoreMessage: valid messages', () => {
  it.each<[string, string, CoreCommand]>([
    [
      'a full RunService',
      run({
        method: 'post',
        queryParams: [
          { name: 'a', value: '1' },
          { name: 'a', value: 2 },
        ],
        headers: [{ name: 'Content-Type', value: 'application/json' }],
        bodyVariable: 'request.body',
        apiToken: 'SVC:tok',
        expireSeconds: '1700000000',
        remoteAddress: '10.0.0.1',
        appId: 7,
        userConfig: [],
      }),
      {
        kind: 'runService',
        request: {
          requestKey: 'k-1',
          method: 'POST',
          path: 'api/x',
          queryParams: [
            { name: 'a', value: '1' },
            { name: 'a', value: '2' },
          ],
          headers: [{ name: 'Content-Type', value: 'application/json' }],
          bodyVariable: 'request.body',
          apiToken: 'SVC:tok',
          expireSeconds: 1700000000,
          remoteAddress: '10.0.0.1',
        },
      },
    ],
    [
      'a minimal RunService (no lists, no body)',
      run({}),
      {
        kind: 'runService',
        request: {
          requestKey: 'k-1',
          method: 'GET',
          path: 'api/x',
          queryParams: [],
          headers: [],
          bodyVariable: undefined,
          apiToken: undefined,
          expireSeconds: undefined,
          remoteAddress: undefined,
        },
      },
    ],
    [
      'null header value becomes empty',
      run({ headers: [{ name: 'x', value: null }] }),
      expect.objectContaining({ request: expect.objectContaining({ headers: [{ name: 'x', value: '' }] }) }),
    ],
    ['Heartbeat in any case', '{"command":"hEaRtBeAt","metric":{}}', { kind: 'heartbeat' }],
    ['Shutdown with a reason', '{"command":"Shutdown","reason":"bye"}', { kind: 'shutdown', reason: 'bye' }],
    ['Shutdown without a reason', '{"command":"SHUTDOWN"}', { kind: 'shutdown', reason: undefined }],
    ['LoggingChange', '{"command":"LoggingChange","level":"DEBUG"}', { kind: 'loggingChange', level: 'DEBUG' }],
    ['Acknowledged', '{"command":"Acknowledged","type":"Ready"}', { kind: 'acknowledged', message: { command: 'Acknowledged', type: 'Ready' } }],
    ['BrokerCheck', '{"command":"BrokerCheck"}', { kind: 'brokerCheck', message: { command: 'BrokerCheck' } }],
    ['an unknown command', '{"command":"Frobnicate"}', { kind: 'unknown', command: 'Frobnicate' }],
  ])('%s', (_name, payload, want) => {
    expect(parseCoreMessage(Buffer.from(payload))).toEqual(want);
  });
});

describe('parseCoreMessage: malformed messages never throw', () => {
  it.each<[string, string, RegExp, string | undefined]>([
    ['not JSON', 'nope{', /not JSON/, undefined],
    ['empty', '', /not JSON/, undefined],
    ['a JSON string', '"RunService"', /not a JSON object/, undefined],
    ['an array', '[]', /not a JSON object/, undefined],
    ['null', 'null', /not a JSON object/, undefined],
    ['no command', '{"requestKey":"k"}', /command must be a string/, undefined],
    ['missing requestKey', JSON.stringify({ command: 'RunService', method: 'GET', path: 'x' }), /requestKey/, undefined],
    ['empty requestKey', run({ requestKey: '' }), /requestKey/, undefined],
    ['overlong requestKey', run({ requestKey: 'k'.repeat(300) }), /requestKey/, undefined],
    ['numeric requestKey', run({ requestKey: 12 }), /requestKey/, undefined],
    ['bad method', run({ method: 'BREW' }), /method must be one of/, 'k-1'],
    ['missing method', run({ method: undefined }), /method must be one of/, 'k-1'],
    ['missing path', run({ path: undefined }), /path must be a string/, 'k-1'],
    ['queryParams not a list', run({ queryParams: 'a=1' }), /queryParams must be a list/, 'k-1'],
    ['header without a name', run({ headers: [{ value: 'x' }] }), /headers\[0\]/, 'k-1'],
    ['header with an object value', run({ headers: [{ name: 'a', value: { x: 1 } }] }), /headers\[0\]\.value/, 'k-1'],
    ['apiToken not a string', run({ apiToken: 5 }), /apiToken must be a string/, 'k-1'],
    ['expireSeconds not a number', run({ expireSeconds: 'soon' }), /expireSeconds must be a number/, 'k-1'],
    ['LoggingChange without level', '{"command":"LoggingChange"}', /level/, undefined],
  ])('%s', (_name, payload, problem, requestKey) => {
    const parsed = parseCoreMessage(payload);
    expect(parsed.kind).toBe('malformed');
    if (parsed.kind !== 'malformed') return;
    expect(parsed.problems.join('; ')).toMatch(problem);
    expect(parsed.requestKey).toBe(requestKey);
  });
});
