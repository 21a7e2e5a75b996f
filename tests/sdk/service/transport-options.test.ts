import { Secret } from '../../../sdk/inputs/secret';
import { coreInputs, hasBroker, standaloneInputs, type ServiceInputs } from '../../../sdk/service/transport-options';

const platform: ServiceInputs = {
  tc_svc_broker_host: 'broker.local',
  tc_svc_broker_port: '8883',
  tc_svc_broker_token: new Secret('tok'),
  tc_svc_broker_cacert_file: '/certs/ca.pem',
  tc_svc_server_topic: 'svc-server',
  tc_svc_client_topic: 'svc-client',
  tc_kvstore_host: 'redis.local',
  tc_kvstore_pass: new Secret('pw'),
  tc_playbook_kvstore_id: '4',
};

describe('coreInputs', () => {
  it('maps the platform inputs, applying TcEx defaults', () => {
    const core = coreInputs(platform);
    expect(core).toMatchObject({
      broker: { host: 'broker.local', port: 8883, caFile: '/certs/ca.pem', connectTimeoutSeconds: 60 },
      redis: { host: 'redis.local', port: 6379, db: 4, tls: false },
      serverTopic: 'svc-server',
      clientTopic: 'svc-client',
      heartbeatTimeoutSeconds: 20,
    });
    expect((core.broker.token as Secret).reveal()).toBe('tok');
    expect((core.redis.password as Secret).reveal()).toBe('pw');
  });

  it.each([
    ['TLS on: the TLS port', { tc_kvstore_tls_enabled: 'true', tc_kvstore_tls_port: '6380' }, 6380, true],
    ['TLS on without a TLS port: the plain port', { tc_kvstore_tls_enabled: true, tc_kvstore_port: 7000 }, 7000, true],
    ['TLS off: the plain port', { tc_kvstore_tls_enabled: 'false', tc_kvstore_tls_port: '6380' }, 6379, false],
  ])('%s', (_name, extra, port, tls) => {
    expect(coreInputs({ ...platform, ...extra }).redis).toMatchObject({ port, tls });
  });

  it('reports every problem at once', () => {
    expect(() => coreInputs({ tc_svc_broker_host: 'b', tc_svc_broker_port: 'x', tc_svc_hb_timeout_seconds: '0', tc_playbook_kvstore_id: '-1' })).toThrow(
      /tc_svc_broker_port must be an integer.*"x".*tc_kvstore_host is required.*tc_playbook_kvstore_id must be.*tc_svc_server_topic is required; tc_svc_client_topic is required; tc_svc_hb_timeout_seconds must be a number of at least 1/,
    );
  });
});

describe('standaloneInputs', () => {
  it.each([
    ['defaults', {}, {}, { host: '127.0.0.1', port: 8080 }],
    ['inputs', { service_host: '0.0.0.0', service_port: '9000' }, {}, { host: '0.0.0.0', port: 9000 }],
    ['flags win', { service_host: '0.0.0.0', service_port: '9000' }, { host: '127.0.0.2', port: '0' }, { host: '127.0.0.2', port: 0 }],
  ])('%s', (_name, inputs, flags, want) => {
    expect(standaloneInputs(inputs as ServiceInputs, flags)).toMatchObject(want);
  });

  it.each([
    [{ service_port: 'http' }, {}, /service_port must be an integer/],
    [{}, { port: '70000' }, /at most 65535/],
    [{}, { port: '-1' }, /--port must be an integer of at least 0/],
  ])('refuses %j %j', (inputs, flags, message) => {
    expect(() => standaloneInputs(inputs as ServiceInputs, flags)).toThrow(message);
  });
});

describe('hasBroker', () => {
  it.each([
    [{ tc_svc_broker_host: 'b' }, true],
    [{ tc_svc_broker_host: '  ' }, false],
    [{}, false],
  ])('%j → %p', (inputs, want) => expect(hasBroker(inputs)).toBe(want));
});
