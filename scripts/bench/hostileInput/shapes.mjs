// The inputs of the hostile-input bench (scripts/bench/hostileInput.mjs):
// texts of any size made of one format's hostile shapes (nesting, anchors,
// unterminated constructs, one endless line, many short lines, a trigger of
// some reader's regular expression before a long run it cannot match), and
// the benign text each is compared with: a realistic file repeated to the
// same size. Each maker takes the size in characters and returns a new string.

export const KiB = 1024;
export const MiB = 1024 * KiB;

/** `unit` repeated and cut to exactly `n` characters. */
export const fill = (unit, n) => (n <= 0 ? '' : unit.repeat(Math.ceil(n / unit.length)).slice(0, n));

/** `before`, then `unit` repeated: `n` characters in all. */
export const after = (before, unit, n) => before + fill(unit, n - before.length);

/** `head`, whole `unit`s, blanks, `tail`: `n` characters (blanks pad what no whole unit fills). */
export function framed(n, head, unit, tail = '', pad = '\n') {
  const room = Math.max(0, n - head.length - tail.length);
  const k = Math.floor(room / unit.length);
  return head + unit.repeat(k) + pad.repeat(room - k * unit.length) + tail;
}

/** `head`, then `line(i)` for i = 0, 1, ... while they fit, then `tail`, padded with blank lines to `n`. */
export function counted(n, head, line, tail = '') {
  const parts = [head];
  let size = head.length + tail.length;
  for (let i = 0; ; i++) {
    const l = line(i);
    if (size + l.length > n) break;
    parts.push(l);
    size += l.length;
  }
  parts.push('\n'.repeat(n - size), tail);
  return parts.join('');
}

/** 64 KiB of every kind of character (control, escape, BMP, surrogate pairs, lone surrogates), fixed seed. */
const noiseBlock = (() => {
  let seed = 17;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  const out = [];
  for (let i = 0; i < 64 * KiB; i++) {
    const r = next() % 8;
    if (r < 3) out.push(String.fromCharCode(next() % 128));
    else if (r < 5) out.push(String.fromCharCode(next() % 0xd800));
    else if (r < 6) out.push(String.fromCodePoint(0x10000 + (next() % 0xfffff)));
    else if (r < 7) out.push(String.fromCharCode(0xd800 + (next() % 0x800)));
    else out.push('{}[]"\'\\\n\r\t:#-&*|>!%@`,'[next() % 24]);
  }
  return out.join('').slice(0, 64 * KiB);
})();

/** Shapes any reader may meet, whatever its format. */
export const anyText = [
  ['run of "a"', (n) => fill('a', n)],
  ['run of spaces', (n) => fill(' ', n)],
  ['blank lines', (n) => fill('\n', n)],
  ['CRLF blank lines', (n) => fill('\r\n', n)],
  ['lone CRs', (n) => fill('a\r', n)],
  ['many short lines', (n) => fill('a\n', n)],
  ['NULs and escapes', (n) => fill('\0\x1b[\x1b]\x07\\\uFEFF\u2028', n)],
  ['random characters', (n) => fill(noiseBlock, n)],
];

/**
 * `trigger` followed by a run of `filler`: the trap of a regular expression
 * that starts at the trigger and backtracks over the run. As one line of `n`
 * (`line` undefined), or as lines of `line` characters, the triggers taking turns.
 */
export function bait(triggers, filler, line) {
  if (line === undefined) {
    return (n) => {
      const each = Math.floor(n / triggers.length);
      return triggers.map((t) => t + fill(filler, each - t.length - 1)).join(filler === ' ' ? 'a' : ' ').padEnd(n, filler);
    };
  }
  return (n) => fill(triggers.map((t) => t + fill(filler, line - t.length - 1) + '\n').join(''), n);
}

/** The four bait cases of a trigger list: a run of "a" and of spaces, on one line and on lines of 4 KiB. */
export function baitCases(triggers) {
  return [
    ['regex bait, one line: trigger + run of "a"', bait(triggers, 'a')],
    ['regex bait, one line: trigger + run of spaces', bait(triggers, ' ')],
    ['regex bait, 4 KiB lines of trigger + "a"', bait(triggers, 'a', 4 * KiB)],
    ['regex bait, 4 KiB lines of trigger + spaces', bait(triggers, ' ', 4 * KiB)],
  ];
}

/** JSON and JSONC (launch.json, inferenceconfig.json, deploymentconfig.json, a request). */
export const json = [
  ['nesting [ to the end', (n) => fill('[', n)],
  ['nesting {"a": to the end', (n) => fill('{"a":', n)],
  ['nesting [{ to the end', (n) => fill('[{', n)],
  ['mismatched [} (looks shallow to a naive count)', (n) => fill('[}', n)],
  ['nesting 64 deep (the limit), repeated', (n) => framed(n, '[', `${'['.repeat(63)}${']'.repeat(63)},`, '0]', ' ')],
  ['unterminated string', (n) => after('{"configurations": "', 'a', n)],
  ['unterminated block comment full of /*', (n) => after('{ /*', '/*', n)],
  ['line comments only', (n) => fill('// comment\n', n)],
  ['one key repeated', (n) => framed(n, '{', '"configurations": [], ', '"z": 0}', ' ')],
  ['endless number', (n) => after('{"a": ', '9', n)],
  ['escapes', (n) => after('{"a": "', '\\u00e9\\"', n)],
  ['commas only', (n) => framed(n, '[', ',', ']', ' ')],
];

/** YAML (conda files, deployment.yml, endpoint.yml, kubeconfigs). */
export const yaml = [
  ['nesting "- " to the end', (n) => fill('- ', n)],
  ['nesting [ to the end', (n) => fill('[', n)],
  ['nesting {a:  to the end', (n) => fill('{a: ', n)],
  ['indentation growing each line', (n) => counted(n, '', (i) => `${' '.repeat(i % 2000)}a:\n`)],
  ['one anchor name, defined again and again', (n) => framed(n, 'a:\n', '  - &a x\n')],
  ['aliases of one anchor', (n) => framed(n, 'x: &a [1, 2, 3]\ny:\n', '  - *a\n')],
  ['aliases of aliases (billion laughs)', (n) => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) levels.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(',')}]`);
    return framed(n, `${levels.join('\n')}\n`, '# pad\n');
  }],
  ['one key repeated', (n) => fill('name: x\n', n)],
  ['distinct keys', (n) => counted(n, '', (i) => `k${i}: v\n`)],
  ['unterminated double quote', (n) => after('name: "', 'a', n)],
  ["unterminated single quote", (n) => after("name: 'it", 's', n)],
  ['unterminated flow mapping', (n) => after('dependencies: {', 'b: c, ', n)],
  ['block scalar', (n) => framed(n, 'description: |\n', '  a line of text\n')],
  ['comments only', (n) => fill('# comment\n', n)],
  ['tags', (n) => after('a: ', '!!str ', n)],
  ['document markers', (n) => fill('---\n', n)],
  ['explicit keys', (n) => fill('? ', n)],
  ['a tab indentation error, then [', (n) => after('a:\n\tb: 1\n', '[', n)],
  ['a "[" in a plain scalar, then "- "', (n) => after('a: x[\n', '- ', n)],
];

/** Python (score.py, a deployment script). */
export const python = [
  ['nesting ( to the end', (n) => fill('(', n)],
  ['def run( never closed', (n) => after('def run(', '(', n)],
  ['unterminated """', (n) => after('"""', 'a', n)],
  ["unterminated '", (n) => after("x = '", 'a', n)],
  ['strings only', (n) => fill('"a" ', n)],
  ['comments only', (n) => fill('# comment\n', n)],
  ['backslash continuations', (n) => fill('\\\n', n)],
  ['run() of endless body', (n) => framed(n, 'import json\n\ndef run(data):\n', '    x = data  # step\n')],
  ['run() body of one string', (n) => framed(n, 'def run(data):\n    s = """\n', 'inside\n', '"""\n    return s\n')],
  ['run() then "import" and spaces', (n) => after('def run(data):\n    return data\nimport', ' ', n)],
  ['run() then "import" and "a"', (n) => after('def run(data):\n    return data\nimport ', 'a', n)],
  ['memory_gb= then blank lines', (n) => after('memory_gb=', '\n', n)],
  ['memory_gb= then spaces', (n) => after('memory_gb=', ' ', n)],
  ['memory_gb=1, repeated', (n) => fill('memory_gb=1, ', n)],
  ['deploy_configuration( then blank lines', (n) => after('AksWebservice.deploy_configuration(', '\n', n)],
  ['deploy_configuration( then spaces', (n) => after('AksWebservice.deploy_configuration(', ' ', n)],
  ['AZUREML_MODEL_DIR read, repeated', (n) => fill('os.getenv("AZUREML_MODEL_DIR")\n', n)],
  ['names bound to AZUREML_MODEL_DIR', (n) => counted(n, '', (i) => `d${i} = os.getenv("AZUREML_MODEL_DIR")\n`)],
  ['os.path.join(dir, "a"  "a" ... never closed', (n) => after('d = os.getenv("AZUREML_MODEL_DIR")\nos.path.join(d, ', '"a"  ', n)],
  ['os.path.join(dir, "a", ... never closed', (n) => after('d = os.getenv("AZUREML_MODEL_DIR")\nos.path.join(d', ', "a"', n)],
  ['Path(dir) / "a" / ...', (n) => after('d = os.getenv("AZUREML_MODEL_DIR")\nPath(d)', ' / "a"', n)],
  ['f-strings of the dir', (n) => after('d = os.getenv("AZUREML_MODEL_DIR")\n', 'f"{d}/a" ', n)],
  ['debugpy.listen bait', (n) => after('x = 1', ' debugpy.listen', n)],
];

/** What a container or a cluster prints: log lines, pod events, HTTP bodies. */
export const logTriggers = [
  'Traceback (most recent call last):', '  File "/var/azureml-app/score.py", line ', 'No module named ', 'Model not found in cache or in root at ',
  'Model container with name ', 'No such file or directory: \'', 'Scoring timeout after ', 'No ready replicas for service ',
  'Too many requests for service ', 'Booting worker with pid: ', 'WORKER TIMEOUT (pid:', 'Back-off pulling image "', 'Failed to pull image "',
  'HTTP Status Code=4', 'ErrorCode: ', 'User script at ', 'Key Vault ', '0/3 nodes are available: ',
  "Couldn't Schedule because the kubernetes cluster didn't have available resources after trying for ", 'Dir ', 'under the path "',
  'Current contents of AML_APP_ROOT: [', 'key=', 'token: ', '"password": "', "'secret': '", 'Authorization: ', 'Bearer ',
  'http://user:', 'eyJ', '-----BEGIN PRIVATE KEY-----', 'name: X_KEY\nvalue: ', '2024-01-01T00:00:00.000000000Z ',
  '2023-05-17 09:12:43,811 E [63] ', '[2026-11-23 18:37:58 +0000] [1] [', '172.17.0.1 - - [', 'gunicorn/finish ', 'Exit code ',
  '{"message": "', '2026-11-29T15:44:12,097004170+00:00 | gunicorn/run | ', 'ModuleNotFoundError: ', '\x1b[',
];

export const logs = [
  ['a 1 MiB line among lines', (n) => {
    const long = Math.min(MiB, n >> 1);
    const before = (n - long) >> 1;
    return fill('a line\n', before) + fill('x', long - 1) + '\n' + fill('a line\n', n - before - long);
  }],
  ['lines of 4 KiB', (n) => fill(`${'a'.repeat(4095)}\n`, n)],
  ['traceback headers', (n) => fill('Traceback (most recent call last):\n', n)],
  ['frames, no exception', (n) => after('Traceback (most recent call last):\n', '  File "/var/azureml-app/score.py", line 1, in run\n', n)],
  ['CRI partial lines (one endless line)', (n) => fill('2024-01-01T00:00:00.000000000Z stdout P aaaaaaaaaaaaaaaa\n', n)],
  ['JSON records', (n) => fill(`{"message": "${'a'.repeat(100)}", "level": "INFO"}\n`, n)],
  ['one JSON record nested to the end', (n) => `{"message": ${fill('[', n - 13)}}`],
  ['JSON messages inside JSON messages', (n) => fill('{"message": "{\\"message\\": \\"{\\\\\\"message\\\\\\": 1}\\"}"}\n', n)],
  ['digits before a mismatch', (n) => fill(`${'9'.repeat(4000)}/\n`, n)],
  ['ANSI colours', (n) => fill('\x1b[31mred\x1b[0m ', n)],
  ['unterminated escape sequences', (n) => fill(`\x1b[${'1;'.repeat(200)}`, n)],
  ['OSC never ended', (n) => after('\x1b]0;', 'a', n)],
  ['runit finish lines', (n) => fill('gunicorn/finish 3 0\n', n)],
  ['PEM key without an END', (n) => after('-----BEGIN RSA PRIVATE KEY-----\n', `${'A'.repeat(63)}\n`, n)],
  ['secret-named keys', (n) => fill('api_key=', n)],
  ['URL passwords', (n) => fill(`http://u:${'a'.repeat(200)} `, n)],
  ...baitCases(logTriggers),
];
