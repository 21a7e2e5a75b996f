/** How a platform input (docs/platform-protocol.md §2) is coerced: its kind, and whether it is a secret. */
export interface PlatformInput {
  kind: 'string' | 'number' | 'boolean';
  secret?: boolean;
}

const S: PlatformInput = { kind: 'string' };
const N: PlatformInput = { kind: 'number' };
const B: PlatformInput = { kind: 'boolean' };
const SECRET: PlatformInput = { kind: 'string', secret: true };

/** The inputs Core provides besides the App's own params. Unlisted `tc_*` inputs pass through as given. */
export const PLATFORM_INPUTS: Readonly<Record<string, PlatformInput>> = {
  tc_api_path: S,
  tc_token: SECRET,
  tc_token_expires: N,
  tc_verify: B,
  tc_log_path: S,
  tc_log_file: S,
  tc_log_level: S,
  tc_log_max_bytes: N,
  tc_log_backup_count: N,
  tc_out_path: S,
  tc_temp_path: S,
  tc_in_path: S,
  tc_proxy_host: S,
  tc_proxy_port: N,
  tc_proxy_username: S,
  tc_proxy_password: SECRET,
  tc_proxy_tc: B,
  tc_proxy_external: B,
  tc_kvstore_host: S,
  tc_kvstore_port: N,
  tc_kvstore_user: S,
  tc_kvstore_pass: SECRET,
  tc_kvstore_tls_enabled: B,
  tc_kvstore_tls_port: N,
  tc_playbook_kvstore_id: N,
  tc_svc_broker_host: S,
  tc_svc_broker_port: N,
  tc_svc_broker_token: SECRET,
  tc_svc_broker_cacert_file: S,
  tc_svc_broker_conn_timeout: N,
  tc_svc_server_topic: S,
  tc_svc_client_topic: S,
  tc_svc_hb_timeout_seconds: N,
  tc_svc_id: S,
  // Standalone serving (this SDK's own; not from the platform).
  service_host: S,
  service_port: N,
  service_access_token: SECRET,
  service_allowed_hosts: S,
};
