/** install.json and layout.json as this SDK reads them (docs/platform-protocol.md §1). */

export const PARAM_TYPES = ['String', 'Choice', 'MultiChoice', 'Boolean', 'EditChoice', 'KeyValueList', 'StringMixed'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

export interface InstallParam {
  name: string;
  label: string;
  type: ParamType;
  required?: boolean;
  encrypt?: boolean;
  default?: string | boolean | number;
  validValues?: string[];
  note?: string;
  hidden?: boolean;
  sequence?: number;
  allowMultiple?: boolean;
  serviceConfig?: boolean;
  playbookDataType?: string[];
}

export interface InstallJson {
  allowOnDemand: boolean;
  appId?: string;
  displayName: string;
  displayPath?: string;
  features?: string[];
  labels?: string[];
  languageVersion?: string;
  listDelimiter?: string;
  minServerVersion?: string;
  note?: string;
  params: InstallParam[];
  programLanguage: string;
  programMain: string;
  programVersion: string;
  runtimeLevel: string;
  sdkVersion?: string;
  service?: { discoveryTypes?: string[] };
}

export interface LayoutJson {
  inputs: Array<{ title: string; sequence: number; parameters: Array<{ name: string; display?: string }> }>;
  outputs?: Array<{ name: string; display?: string }>;
}

export interface Manifest {
  install: InstallJson;
  layout?: LayoutJson;
}
