export { findManifestIssues } from './find-manifest-issues';
export type { ManifestCheckOptions, ParamRule } from './find-manifest-issues';
export { loadManifest, ManifestError } from './load-manifest';
export { INSTALL_JSON_SCHEMA, LAYOUT_JSON_SCHEMA } from './schemas';
export { PARAM_TYPES } from './types';
export type { InstallJson, InstallParam, LayoutJson, Manifest, ParamType } from './types';
