// What the Azure ML v2 readers (online deployment, endpoint, their paths) say
// about a file: a stable code the quick fixes key on, the wording, and the
// node it is about, as line/column for people and offsets for ranges.

/** How much a problem matters: error stops a run here, warning is refused by `az ml`, info explains. */
export type Severity = 'error' | 'warning' | 'info';

/** Stable problem codes (a diagnostic's `code`; quick fixes are chosen by it). */
export type OnlineProblemCode =
  // The file as YAML.
  | 'yaml-syntax'
  | 'duplicate-key'
  | 'too-deep'
  | 'too-many-aliases'
  | 'too-large'
  | 'too-many-tokens'
  | 'not-a-mapping'
  // Keys and values against the schema.
  | 'unknown-key'
  | 'schema-key'
  | 'wrong-type'
  | 'out-of-range'
  | 'null-value'
  | 'missing-key'
  | 'deprecated-key'
  | 'schema-url'
  | 'schema-mismatch'
  | 'endpoint-mismatch'
  // What a local run can use.
  | 'registered-model'
  | 'model-needs-mapping'
  | 'model-without-path'
  | 'registered-environment'
  | 'environment-incomplete'
  | 'environment-both'
  | 'code-in-azure'
  | 'missing-scoring-script'
  | 'missing-code'
  | 'no-scoring-code'
  | 'env-coerced'
  // Files the deployment names (checkOnlinePaths).
  | 'path-not-found'
  | 'not-a-folder'
  | 'not-a-file';

/** Where a node is: 1-based line and column (UTF-16 units), 0-based `[offset, end)`, and its YAML key path. */
export interface Span {
  line: number;
  column: number;
  offset: number;
  end: number;
  /** Keys from the root, e.g. ['request_settings', 'request_timeout_ms']. */
  path: string[];
}

/** One problem, placed on the offending node. */
export interface OnlineProblem extends Span {
  code: OnlineProblemCode;
  message: string;
  severity: Severity;
}

/** Problems in file order (then by code), so readers and tests see a stable list. */
export function sortProblems(problems: OnlineProblem[]): OnlineProblem[] {
  return problems.sort((a, b) => a.offset - b.offset || a.end - b.end || a.code.localeCompare(b.code));
}
