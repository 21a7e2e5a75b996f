export { startCoreEmulator } from './core-emulator';
export type { CoreEmulator, CoreEmulatorOptions, EmulatedRequestOptions } from './core-emulator';
export type { EmulatedResponse } from './emulated-response';
export { isCommand } from './message-log';
