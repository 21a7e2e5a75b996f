export { startSentinelSimulator, DEFAULT_SIMULATOR_SETTINGS } from './start-sentinel-simulator';
export type { SentinelSimulator, SentinelSimulatorOptions } from './start-sentinel-simulator';
export type { RecordedRequest, SimulatorSettings } from './simulator-state';
export { SentinelStore } from './sentinel-store';
