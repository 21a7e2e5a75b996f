import path from 'node:path';
import { loadManifest, resolveInputs } from '../../sdk';
import { APP_INPUT_RULES, parseAppInputs, reconcileTarget, ttlHoursByType } from '../../app/inputs';

// The App's inputs are typed where they are checked: what ThreatConnect delivers as text (install.json has no number
// type) reaches the engine as numbers, with install.json's defaults.
const { install } = loadManifest(path.resolve(__dirname, '../..'), { rules: APP_INPUT_RULES });
const REQUIRED = {
  client_id: '00000000-0000-0000-0000-000000000001',
  client_secret: 'secret',
  tenant_id: '00000000-0000-0000-0000-000000000002',
  sentinel_workspace_id: '00000000-0000-0000-0000-000000000003',
  tc_api_path: 'https://tc.example/api',
  tc_token: 'token',
  tc_token_expires: '1893456000',
  sentinel_source_name: 'Prod',
  tc_access_id: 'access',
  tc_secret_key: 'key',
};

it('turns the schedule, retention, guard, reconcile interval and every TTL into numbers', () => {
  const inputs = parseAppInputs(
    resolveInputs(install, { ...REQUIRED, schedule_interval_hours: ' 6 ', ttl_hours_url: '48', retention_days: '30' }, APP_INPUT_RULES),
  );
  expect(inputs).toMatchObject({
    schedule_interval_hours: 6,
    retention_days: 30,
    revoke_guard_percent: expect.any(Number),
    reconcile_interval_hours: expect.any(Number),
  });
  const ttl = ttlHoursByType(inputs);
  expect(ttl.URL).toBe(48);
  for (const hours of Object.values(ttl)) expect(typeof hours).toBe('number');
  expect(
    reconcileTarget({
      ...inputs,
      azure_subscription_id: '00000000-0000-0000-0000-000000000004',
      azure_resource_group: 'rg',
      sentinel_workspace_name: 'ws',
      reconcile_interval_hours: 12,
    })?.intervalHours,
  ).toBe(12);
});

it('leaves the rest as the SDK delivered it', () => {
  const raw = resolveInputs(install, { ...REQUIRED }, APP_INPUT_RULES);
  const inputs = parseAppInputs(raw);
  expect(inputs.client_id).toBe(REQUIRED.client_id);
  expect(inputs.client_secret).toBe(raw.client_secret);
  expect(typeof inputs.revoke_removed).toBe('boolean');
});
