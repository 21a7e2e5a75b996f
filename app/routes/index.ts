export { createApiRouter, type ApiRouterOptions } from './create-api-router';
export { createUiRouter, type UiRouterOptions } from './create-ui-router';
export type * from './api-types';
