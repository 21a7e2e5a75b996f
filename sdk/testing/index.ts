// The SDK's test tools: emulated Core, simulated ThreatConnect, real Mosquitto and Redis, HTTP faults, a logger that
// keeps what it logs, and the param file as Core writes it. Tests, the demo and benchmarks import them from here.
export { createCapturedLogger } from './capture-logger';
export type { CapturedLogger } from './capture-logger';
export { startCoreEmulator } from './core-emulator';
export type { CoreEmulator, CoreEmulatorOptions } from './core-emulator';
export { createHttpFaults } from './http-faults';
export type { FaultRule, HttpFaults, HttpFaultsOptions } from './http-faults';
export { freePort, startMosquitto, startRedis } from './system-services';
export type { SystemService } from './system-services';
export { encryptParamFile } from './param-file';
export { startTcSimulator, DEFAULT_OWNERS } from './tc-simulator';
export type { TcSimulator, TcSimulatorOptions } from './tc-simulator';
export { randomFor } from './tc-simulator/generate/hash';
