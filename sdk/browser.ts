// What the browser UI may import from the SDK: constants and types only, nothing that needs Node.js.
export { TC_INDICATOR_TYPES, TC_VALUE_FIELDS } from './threatconnect/types';
export type { TcIndicatorType } from './threatconnect/types';
