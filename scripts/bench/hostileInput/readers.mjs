// The readers the extension runs on what a user's file or a container hands
// in, each called the way its glue calls it (the command, the diagnostics on
// open and change, the quick fix, the log tab), with the most it reads, the
// hostile shapes of its format, and a realistic file to repeat for the
// benign baseline. `lib` is the core bundled by scripts/bench/hostileInput.mjs.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, anyText, baitCases, counted, fill, framed, json, KiB, logs, MiB, python, yaml } from './shapes.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = (p) => readFileSync(join(repo, 'test/fixtures', p), 'utf8');

/** The size a reader without a limit of its own is measured at (BENCH_HOSTILE_MAX, for a quick look at a smaller one). */
export const NO_CAP = Number(process.env.BENCH_HOSTILE_MAX ?? 4 * MiB);
// The limits of the readers, as src/ sets them (checked against the bundle when the bench starts).
export const caps = { json: 256 * KiB, yaml: 128 * KiB, kubeconfig: 2 * MiB, script: 256 * KiB, analyzeChars: 4 * MiB };

const format = { insertSpaces: true, tabSize: 4, eol: '\n' };
const hook = { host: '0.0.0.0', port: 5678, timeoutSeconds: 10 };

// ---- realistic files, repeated to any size -----------------------------------

const launchConfig = `,
        {
            "name": "Python Debugger: Current File",
            "type": "debugpy",
            "request": "launch",
            "program": "\${file}",
            "console": "integratedTerminal"
        }`;
const launchJson = (n) => framed(n, '{\n    // Use IntelliSense to learn about possible attributes.\n    "version": "0.2.0",\n    "configurations": [\n        {"name": "first", "type": "debugpy", "request": "launch"}', launchConfig, '\n    ]\n}\n', ' ');
const inferenceConfig = (n) => framed(n, '{\n    "entryScript": "score.py",\n    "sourceDirectory": "src",\n    "environment": {\n        "python": {\n            "condaDependencies": {\n                "dependencies": [\n                    "python=3.8"', ',\n                    "numpy==1.15.4"', '\n                ]\n            }\n        }\n    }\n}\n', ' ');
const deploymentConfig = (n) => counted(n, '{\n    "computeType": "aks",\n    "containerResourceRequirements": {"cpu": 1, "memoryInGB": 2},\n    "environmentVariables": {\n', (i) => `        "VARIABLE_${i}": "a value of the variable",\n`, '        "LAST": "1"\n    }\n}\n');
const requestJson = (n) => framed(n, '{"data": [[5.1, 3.5, 1.4, 0.2]', ', [6.2, 2.9, 4.3, 1.3]', ']}', ' ');
const responseJson = (n) => framed(n, '{"predictions": [0.1234', ', 0.9876', '], "model": "linear"}', ' ');
const condaFile = (n) => framed(n, 'name: project_environment\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.8\n  - pip\n  - pip:\n    - azureml-defaults==1.0.45\n', '    - numpy==1.15.4  # pinned\n');
const deploymentYml = (n) => counted(n, `${fixture('v2/managed-basic/deployment.yml')}request_settings:\n  request_timeout_ms: 5000\nenvironment_variables:\n`, (i) => `  VARIABLE_${i}: "a value of the variable"\n`);
const endpointYml = (n) => counted(n, `${fixture('v2/managed-basic/endpoint.yml')}traffic:\n`, (i) => `  deployment-${i}: 0\n`);
const kubeconfig = (n) => counted(n, 'apiVersion: v1\nkind: Config\ncurrent-context: c0\nclusters:\n', (i) => `- name: c${i}\n  cluster:\n    server: https://c${i}.example:6443\n    certificate-authority-data: ${'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t'.repeat(20)}\n`, '');
const scorePy = (n) => fill(`${fixture('score/sample.py')}\n\n`, n);
const deployPy = (n) => fill('from azureml.core.webservice import AksWebservice\n\nconfig = AksWebservice.deploy_configuration(\n    cpu_cores=1,\n    memory_gb=2,\n    autoscale_enabled=True,\n)\nservice = Model.deploy(ws, "svc", [model], inference_config, config)\n\n', n);
const containerLog = (n) => fill(fixture('logs/docker-library-error.log'), n);
const events = (n) => fill([
  'Normal Scheduled: Successfully assigned default/blue-7d9f to aks-nodepool1-0',
  'Warning BackOff (x12): Back-off restarting failed container inference-server in pod blue-7d9f',
  'Warning Unhealthy (x30): Liveness probe failed: HTTP probe failed with statuscode: 502',
  'Warning FailedScheduling: 0/3 nodes are available: 3 Insufficient cpu.',
].join('\n') + '\n', n);
const probeOutput = (n) => counted(n, '@@root /var/azureml-app\n@@modeldir /var/azureml-app/azureml-models/model/1\n@@entry score.py\n@@cwd /\n@@ls-root\ntotal 8\n@@refs\n14:    model_path = os.path.join(os.getenv("AZUREML_MODEL_DIR"), "model", "model.json")\n@@files\n', (i) => `/var/azureml-app/azureml-models/model/1/part-${i}.bin\n`, '@@end\n');

/** Docker's `timestamps=true` prefix on each line, as the log sources hand lines to a buffer; as many lines as fit the size given. */
function timestamped(text) {
  const parts = [];
  let size = 0;
  for (let start = 0, i = 0; start <= text.length && size < text.length; i++) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    const line = `2026-11-29T15:44:12.${String(i).padStart(9, '0')}Z ${text.slice(start, nl)}\n`;
    parts.push(line);
    size += line.length;
    start = nl + 1;
  }
  return parts.join('').slice(0, text.length);
}
/** The text in 64 KiB chunks (one network read), for the stdout stream. */
const chunks = (text) => Array.from({ length: Math.ceil(text.length / (64 * KiB)) }, (_, i) => ({ stream: 'stdout', text: text.slice(i * 64 * KiB, (i + 1) * 64 * KiB) }));
/** The text as Docker's multiplexed stream: frames of up to 16 KiB, in 64 KiB network reads that cut frames anywhere. */
function dockerFrames(text) {
  const bytes = Buffer.from(text, 'utf8');
  const frames = [];
  for (let o = 0; o < bytes.length; o += 16 * KiB) {
    const payload = bytes.subarray(o, o + 16 * KiB);
    const header = Buffer.alloc(8);
    header[0] = (o / (16 * KiB)) % 7 === 6 ? 2 : 1;
    header.writeUInt32BE(payload.length, 4);
    frames.push(header, payload);
  }
  const all = Buffer.concat(frames);
  return Array.from({ length: Math.ceil(all.length / (64 * KiB)) }, (_, i) => new Uint8Array(all.subarray(i * 64 * KiB, (i + 1) * 64 * KiB)));
}

/** Feeds `parts` to a log tab's buffer and ends the stream, as a tab (or readTail) does. */
function intoBuffer(lib, parts, options) {
  const buffer = new lib.LogBuffer(options);
  for (const p of parts) buffer.append(p);
  buffer.end();
  return buffer;
}

/** A deployment.yml the glue reads: only what looks like one (its schema named, here in a last comment line), cut back to the size given. */
const marked = (text) => `${text.slice(0, Math.max(0, text.length - 31))}\n# OnlineDeployment.schema.json\n`.slice(-text.length);

const probeTriggers = ['12:    p = os.path.join(model_dir, "a"  ', '12:    p = os.path.join(', '13: m = Model.get_model_path(', '14: get_model_path(model_name = "'];

/**
 * Each reader: `cap` (the most it reads; undefined: no limit, measured at
 * 4 MiB), `shapes` (its hostile inputs), `benign`, `input` (turns a text into
 * what the glue hands the reader, untimed; given the bundle too) and `call`
 * (the timed work: one gesture's worth, as its glue makes it).
 */
export const readers = [
  // ---- launch.json, inferenceconfig.json, deploymentconfig.json, a request file (JSON)
  {
    name: 'launch.json: Add Configuration',
    cap: caps.json,
    shapes: json,
    benign: launchJson,
    call: (lib, text) => {
      const r = lib.addAttachConfigurationAt(text, [], lib.azuremlAttachConfiguration(), lib.detectFormat(text, format));
      return lib.isLaunchEditError(r) ? r : lib.minimalReplacement(text, r.text);
    },
  },
  {
    name: 'inferenceconfig.json: readDeployConfig (Deploy Locally)',
    cap: caps.json,
    shapes: json,
    benign: inferenceConfig,
    call: (lib, text) => lib.readDeployConfig(text),
  },
  {
    name: 'inferenceconfig.json: inferenceConfigFiles (workspace scan)',
    cap: caps.json,
    shapes: json,
    benign: inferenceConfig,
    call: (lib, text) => lib.inferenceConfigFiles(text),
  },
  {
    name: 'deploymentconfig.json: locate a setting (crash diagnostic)',
    cap: caps.json,
    shapes: json,
    benign: deploymentConfig,
    call: (lib, text) => lib.locateJsonSetting(text, 'memoryInGB'),
  },
  {
    name: 'deploymentconfig.json: set a setting (crash quick fix)',
    cap: caps.json,
    shapes: json,
    benign: deploymentConfig,
    call: (lib, text) => lib.setJsonSetting(text, 'memoryInGB', 4),
  },
  {
    name: 'test request file: prepareTestRequest',
    cap: caps.json,
    shapes: json,
    benign: requestJson,
    call: (lib, text) => lib.prepareTestRequest(text),
  },
  // ---- conda files (YAML)
  {
    name: 'conda: azureml-defaults check (open, change)',
    cap: caps.yaml,
    shapes: yaml,
    benign: condaFile,
    call: (lib, text) => lib.checkAzuremlDefaults(text),
  },
  {
    name: 'conda: Add debugpy',
    cap: caps.yaml,
    shapes: yaml,
    benign: condaFile,
    call: (lib, text) => {
      const r = lib.addDebugpy(text);
      return r.changed ? lib.minimalReplacement(text, r.text) : r;
    },
  },
  {
    name: 'conda: azureml-defaults quick fix',
    cap: caps.yaml,
    shapes: yaml,
    benign: (n) => condaFile(n).replace('azureml-defaults==1.0.45', 'azureml-defaults==1.0.17'),
    call: (lib, text) => lib.checkAzuremlDefaults(text).map((f) => lib.fixAzuremlDefaults(text, f)),
  },
  {
    name: 'conda: missing-module quick fix',
    cap: caps.yaml,
    shapes: yaml,
    benign: condaFile,
    call: (lib, text) => lib.addPipRequirement(text, 'scikit-learn', ['scikit-learn']),
  },
  {
    name: 'conda: readRequirements (Deploy Locally)',
    cap: caps.yaml,
    shapes: yaml,
    benign: condaFile,
    call: (lib, text) => lib.readRequirements(text),
  },
  // ---- deployment.yml, endpoint.yml, kubeconfig (YAML)
  {
    name: 'deployment.yml: problems (open, change)',
    cap: caps.yaml,
    shapes: [...yaml, ['endpoint_name then spaces', (n) => after('endpoint_name', ' ', n)]],
    benign: deploymentYml,
    input: marked,
    call: (lib, text) => {
      if (!lib.looksLikeOnlineDeployment(text)) return undefined;
      return lib.checkOnlinePaths(lib.readOnlineDeployment(text), '/work/project', () => undefined);
    },
  },
  {
    name: 'deployment.yml: completion (each keystroke)',
    cap: caps.yaml,
    shapes: yaml,
    benign: deploymentYml,
    call: (lib, text) => {
      const kind = lib.readOnlineDeployment(text).deployment?.schema === 'kubernetes' ? 'kubernetes' : 'managed';
      return lib.completionsAt(text, text.length >> 1, kind);
    },
  },
  {
    name: 'deployment.yml: hover',
    cap: caps.yaml,
    shapes: yaml,
    benign: deploymentYml,
    call: (lib, text) => lib.fieldAt(text, text.length >> 1),
  },
  {
    name: 'deployment.yml: locate a setting (crash diagnostic)',
    cap: caps.yaml,
    shapes: yaml,
    benign: deploymentYml,
    call: (lib, text) => lib.locateYamlSetting(text, 'requestTimeoutMs'),
  },
  {
    name: 'deployment.yml: set a setting (crash quick fix)',
    cap: caps.yaml,
    shapes: yaml,
    benign: deploymentYml,
    call: (lib, text) => lib.setYamlSetting(text, 'requestTimeoutMs', 90000),
  },
  {
    name: 'deployment.yml: remove a key (quick fix)',
    cap: caps.yaml,
    shapes: yaml,
    benign: deploymentYml,
    call: (lib, text) => lib.removeYamlKey(text, ['environment_variables', 'VARIABLE_1']),
  },
  {
    name: 'endpoint.yml: readOnlineEndpoint',
    cap: caps.yaml,
    shapes: yaml,
    benign: endpointYml,
    call: (lib, text) => lib.readOnlineEndpoint(text),
  },
  {
    name: 'kubeconfig: mergeKubeconfigs',
    cap: caps.kubeconfig,
    shapes: yaml,
    benign: kubeconfig,
    call: (lib, text) => lib.mergeKubeconfigs([{ path: '/home/u/.kube/config', text }]),
  },
  // ---- score.py and deployment scripts (Python)
  {
    name: 'score.py: model path check (open, change)',
    cap: caps.script,
    shapes: python,
    benign: scorePy,
    call: (lib, text) => lib.modelDirReferences(text),
  },
  {
    name: 'score.py: wrap run() in try/except',
    cap: caps.script,
    shapes: python,
    benign: scorePy,
    call: (lib, text) => {
      const r = lib.wrapRunInTryExcept(text);
      return r.changed ? lib.minimalReplacement(text, r.text) : r;
    },
  },
  {
    name: 'score.py: Insert Debug Hook',
    cap: caps.script,
    shapes: python,
    benign: scorePy,
    call: (lib, text) => lib.insertDebugHook(text, hook),
  },
  {
    name: 'score.py: Remove Debug Hook',
    shapes: python,
    benign: scorePy,
    // A score.py with the hook in it, as Insert Debug Hook leaves it (where it could insert one).
    input: (text, lib) => {
      const r = lib.insertDebugHook(text.slice(0, Math.max(0, text.length - 1024)), hook);
      return 'changed' in r && r.changed ? r.text : text;
    },
    call: (lib, text) => lib.removeDebugHook(text),
  },
  {
    name: 'deploy script .py: locate a keyword (crash diagnostic)',
    cap: caps.script,
    shapes: python,
    benign: deployPy,
    call: (lib, text) => lib.locateSdkKeyword(text, 'memoryInGB'),
  },
  {
    name: 'deploy script .py: set a keyword (crash quick fix)',
    cap: caps.script,
    shapes: python,
    benign: deployPy,
    call: (lib, text) => [lib.setSdkKeyword(text, 'memoryInGB', 4), lib.setSdkKeyword(text, 'scoringTimeoutMs', 90000)],
  },
  // ---- what a container or a cluster says
  {
    name: 'container log text: analyze() (report, SDK output)',
    cap: caps.analyzeChars,
    shapes: logs,
    benign: containerLog,
    call: (lib, text) => lib.analyze({ logs: text, exitCode: 3 }),
  },
  {
    name: 'container log: buffer, logical lines, analyze()',
    shapes: logs,
    benign: containerLog,
    input: (text) => chunks(timestamped(text)),
    call: (lib, parts) => {
      const buffer = intoBuffer(lib, parts, { timestamps: true });
      const entries = lib.heldRunLines(buffer.entries(), '2026-11-29T15:44:00Z') ?? buffer.entries();
      return lib.analyze({ lines: lib.logicalLinesOf(entries, lib.maxAnalyzedLines), exitCode: 3 });
    },
  },
  {
    name: 'log tab: text chunks into the LogBuffer',
    shapes: logs,
    benign: containerLog,
    input: (text) => chunks(timestamped(text)),
    call: (lib, parts) => intoBuffer(lib, parts, { timestamps: true }).length,
  },
  {
    name: 'log tab: Docker frames, demuxer, LogBuffer',
    shapes: logs,
    benign: containerLog,
    input: (text) => dockerFrames(timestamped(text)),
    call: (lib, reads) => {
      const demuxer = new lib.DockerLogDemuxer();
      const buffer = new lib.LogBuffer({ timestamps: true });
      for (const r of reads) for (const p of demuxer.push(r)) buffer.append({ stream: p.stream, text: p.bytes });
      buffer.end();
      return buffer.length;
    },
  },
  {
    name: 'debug session end: last 20 lines, masked, containerEnd',
    shapes: logs,
    benign: containerLog,
    // What recentLines hands on: Docker's last 20 lines (each any length).
    input: (text) => text.split(/\r?\n/).filter((l) => l.length > 0).slice(-20),
    call: (lib, lines) => lib.containerEnd(111, lines.map(lib.maskSecretsInText)),
  },
  {
    name: 'pod events (a line each): analyze()',
    shapes: logs,
    benign: events,
    input: (text) => text.split('\n'),
    call: (lib, list) => lib.analyze({ events: list, reason: 'CrashLoopBackOff', exitCode: 1 }),
  },
  {
    name: 'test response body: describeResponse, redact',
    shapes: [...logs, ...json],
    benign: responseJson,
    call: (lib, body) => [lib.describeResponse(500, body, 12, {}).kind, lib.redact(body, ['a-known-token-value'])],
  },
  {
    name: 'test response body: analyze()',
    shapes: [...logs, ...json],
    benign: responseJson,
    call: (lib, body) => lib.analyze({ httpStatus: 502, httpBody: body }),
  },
  {
    name: 'Probe Model Path: pod exec output',
    shapes: [...logs, ...baitCases(probeTriggers).map(([n, make]) => [n, (size) => `@@refs\n${make(size - 7)}`]),
      ['refs: a join of "a"  "a" ... never closed', (n) => `@@refs\n${after('12:    p = os.path.join(model_dir, ', '"a"  ', n - 7)}`],
      ['refs: a join of a name of "model" repeated', (n) => `@@refs\n${after('12:    p = os.path.join(', 'model', n - 7)}`]],
    benign: probeOutput,
    call: (lib, out) => {
      const facts = lib.parseProbe(out);
      return [lib.referencedNames(facts.references), lib.parseExists(out)];
    },
  },
];

/** Every case of a reader: the shapes of any text (marked, measured past its limit too), its own, and its benign file on one line. */
export function casesOf(reader) {
  return [...anyText.map(([name, make]) => [name, make, true]), ...reader.shapes, ['benign file on one line', (n) => reader.benign(n).replace(/\r?\n/g, ' ')]];
}
