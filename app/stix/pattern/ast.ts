/** The syntax tree of a STIX pattern, with literal values decoded (string escapes undone). */

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'int'; value: number; text: string }
  | { kind: 'float'; value: number; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'binary'; value: string }
  | { kind: 'hex'; value: string }
  | { kind: 'timestamp'; value: string };

export type PathStep = { kind: 'key'; key: string } | { kind: 'index'; index: number | '*' };

export interface ObjectPath {
  objectType: string;
  steps: PathStep[];
}

export type ComparisonOperator = '=' | '!=' | '>' | '<' | '>=' | '<=' | 'IN' | 'LIKE' | 'MATCHES' | 'ISSUBSET' | 'ISSUPERSET';

export type ComparisonExpression =
  | { kind: 'comparison'; path: ObjectPath; negated: boolean; operator: ComparisonOperator; value: Literal | Literal[] }
  | { kind: 'exists'; path: ObjectPath; negated: boolean }
  | { kind: 'and' | 'or'; left: ComparisonExpression; right: ComparisonExpression };

export type Qualifier = { kind: 'within'; seconds: number } | { kind: 'repeats'; times: number } | { kind: 'startstop'; start: string; stop: string };

export type ObservationExpression =
  | { kind: 'observation'; comparison: ComparisonExpression }
  | { kind: 'and' | 'or' | 'followedby'; left: ObservationExpression; right: ObservationExpression }
  | { kind: 'qualified'; expression: ObservationExpression; qualifier: Qualifier };
