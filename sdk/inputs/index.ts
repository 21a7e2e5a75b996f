export { decryptParamFile, readParamFile, parseInputsJson } from './param-file';
export { loadInputs, readRawInputs, resolveInputs, InputsError } from './load-inputs';
export type { InputProblem, InputSources } from './load-inputs';
export { PLATFORM_INPUTS } from './platform-inputs';
export type { PlatformInput } from './platform-inputs';
export { Secret, revealValue } from './secret';
