// Loads the crash-cause corpus (test/fixtures/logs) and compares analyze()
// output with each case's expectations; shared by the corpus test and the
// held-out measurement so both judge a case the same way.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CrashInput, Finding } from '../../../../src/core/crash/crashCauses';
import { findingMessage } from '../../../../src/platform/findingWording';

export const corpusDir = path.join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'logs');

/** One expected finding as the corpus states it. */
export interface ExpectedFinding {
  code: string;
  location?: { path: string; line: number };
  messageIncludes?: string[];
  detailIncludes?: string[];
  data?: Record<string, unknown>;
}

/** One case of the corpus. */
export interface CorpusCase {
  name: string;
  description: string;
  input: CrashInput;
  findings: ExpectedFinding[];
}

/** All cases, sorted by name. */
export function loadCorpus(): CorpusCase[] {
  return fs.readdirSync(corpusDir)
    .filter((f) => f.endsWith('.expected.json'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.expected.json'.length);
      const spec = JSON.parse(fs.readFileSync(path.join(corpusDir, f), 'utf8')) as { description: string; input?: CrashInput; findings: ExpectedFinding[] };
      const logFile = path.join(corpusDir, `${name}.log`);
      const input: CrashInput = { ...(spec.input ?? {}) };
      if (fs.existsSync(logFile)) input.logs = fs.readFileSync(logFile, 'utf8');
      return { name, description: spec.description, input, findings: spec.findings };
    });
}

function matches(e: ExpectedFinding, a: Finding): boolean {
  if (e.code !== a.code) return false;
  if (JSON.stringify(e.location ?? null) !== JSON.stringify(a.location ?? null)) return false;
  // The words the user reads: the finding as the glue words it.
  const msg = findingMessage(a).toLowerCase();
  if (!(e.messageIncludes ?? []).every((s) => msg.includes(s.toLowerCase()))) return false;
  const detail = (a.detail ?? '').toLowerCase();
  if (!(e.detailIncludes ?? []).every((s) => detail.includes(s.toLowerCase()))) return false;
  const data = (a.data ?? {}) as Record<string, unknown>;
  return Object.entries(e.data ?? {}).every(([k, v]) => data[k] === v);
}

/** Problems of one case's actual findings; empty when they match. */
export function compare(expected: ExpectedFinding[], actual: Finding[]): string[] {
  const problems: string[] = [];
  if (expected.length !== actual.length) problems.push(`expected ${expected.length} findings, got ${actual.length}`);
  const left = [...actual];
  for (const e of expected) {
    const i = left.findIndex((a) => matches(e, a));
    if (i < 0) problems.push(`no finding matches ${JSON.stringify(e)}`);
    else left.splice(i, 1);
  }
  if (problems.length) problems.push(`actual: ${JSON.stringify(actual, null, 1)}`);
  return problems;
}
