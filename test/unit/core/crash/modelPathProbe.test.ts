// The model path probe: its output parsed, the checked paths built as
// arguments, and the report.
import * as assert from 'node:assert/strict';
import { candidatePaths, existsCommand, parseExists, parseProbe, probeReport, referencedNames } from '../../../../src/core/crash/modelPathProbe';

describe('model path probe', () => {
  const output = [
    '@@root /var/azureml-app', '@@modeldir /var/azureml-app/azureml-models/sk/1', '@@entry score.py', '@@cwd /var/azureml-server',
    '@@ls-root', 'total 8', '-rw-r--r-- 1 root root 900 score.py',
    '@@ls-modeldir', "ls: cannot access '/var/azureml-app/azureml-models/sk/1': No such file or directory",
    '@@files', '/var/azureml-app/score.py', '/var/azureml-app/model/model.json',
    '@@refs', "14:    path = Model.get_model_path('sklearn_mnist')", "15:    p2 = os.path.join(os.getenv('AZUREML_MODEL_DIR'), 'model.pkl')",
    '@@end',
  ].join('\n');
  it('parses the environment, listings and references; builds the checked paths as arguments', () => {
    const f = parseProbe(output);
    assert.equal(f.modelDir, '/var/azureml-app/azureml-models/sk/1');
    assert.equal(f.files.length, 2);
    assert.deepEqual(referencedNames(f.references), ['sklearn_mnist', 'model.pkl']);
    const paths = candidatePaths(f, ['sklearn_mnist']);
    assert.deepEqual(paths, ['/var/azureml-app/azureml-models/sk/1/sklearn_mnist', '/var/azureml-app/azureml-models/sklearn_mnist', '/var/azureml-server/sklearn_mnist', '/var/azureml-app/azureml-models/sk/1']);
    const cmd = existsCommand(paths);
    assert.equal(cmd.slice(4).join('|'), paths.join('|'));
    assert.ok(!cmd[2].includes('sklearn'));
  });
  it('reads the joins onto the model folder whatever the line holds: one being typed, a long name (issue 17)', () => {
    // As one regular expression, twenty literals and no `)` took a minute and a name of 80 KB seconds;
    // this line holds forty and a megabyte.
    const typing = `12:    p = os.path.join(model_dir, ${'"a"  '.repeat(40)}`;
    const longName = `13:    p = os.path.join(${'model'.repeat(200_000)}`;
    const commaless = `14: ${'os.path.join(os.environ'.repeat(40_000)}`;
    assert.deepEqual(referencedNames([typing, longName, commaless]), []);
    assert.deepEqual(referencedNames([
      `15: os.path.join(model_dir, "model", 'model.json')`,
      '16: os.path.join( os.environ["AZUREML_MODEL_DIR"] , "a" "b",)',
      '17: os.path.join(data_dir, "x")',
      '18: os.path.join(MODEL_PATH, "m.pkl") + os.path.join(os.getenv("AZUREML_MODEL_DIR"), "n.pkl")',
      `19: os.path.join(model, 'y', z) get_model_path('x')`,
    ]), ['model/model.json', 'a/b', 'm.pkl', 'n.pkl', 'x']);
  });
  it('reads the output a line at a time, never split whole: 4 MB of blank lines took 2 s (issue 17)', () => {
    // The work asked of the text: its lines one by one, not an array of all of them.
    class Unsplittable extends String {
      override split(): string[] {
        throw new Error('split whole');
      }
    }
    const blank = '\r\n'.repeat(100_000);
    const facts = parseProbe(new Unsplittable(`@@root /r\r\n${blank}@@refs\n14: get_model_path('m')\r\n${blank}@@end\n`) as unknown as string);
    assert.deepEqual([facts.root, facts.references], ['/r', ["14: get_model_path('m')"]]);
    assert.deepEqual([...parseExists(new Unsplittable(`${blank}yes /a\r\nno /b c\n`) as unknown as string)], [['/a', true], ['/b c', false]]);
  });

  it('reports the missing model folder and where the model was expected', () => {
    const f = parseProbe(output);
    const report = probeReport('svc-1', f, ['sklearn_mnist'], parseExists('no /var/azureml-app/azureml-models/sk/1/sklearn_mnist\nno /var/azureml-server/sklearn_mnist\n'));
    assert.match(report, /that folder does not exist/);
    assert.match(report, /`sklearn_mnist` is \*\*not found\*\*/);
    assert.match(report, /\/var\/azureml-app\/model\/model.json/);
    const unset = probeReport('p', parseProbe('@@root /r\n@@modeldir <unset>\n@@cwd /r\n'), [], new Map());
    assert.match(unset, /AZUREML_MODEL_DIR is \*\*not set\*\*/);
  });
  it('reads what the container\'s Python sees, and says when the entry script never reached the container', () => {
    const withPython = output.replace('@@end', ['@@exe /opt/miniconda/envs/amlenv/bin/python3', '@@entrypath /var/azureml-app/onlinescoring/score.py', '@@entryexists no', '@@syspath', '/opt/miniconda/envs/amlenv/lib/python3.12', '/var/azureml-app/onlinescoring/', '@@end'].join('\n'));
    const f = parseProbe(withPython);
    assert.deepEqual(f.python, { executable: '/opt/miniconda/envs/amlenv/bin/python3', entryPath: '/var/azureml-app/onlinescoring/score.py', entryExists: false, sysPath: ['/opt/miniconda/envs/amlenv/lib/python3.12', '/var/azureml-app/onlinescoring/'] });
    const report = probeReport('svc-1', f, [], new Map(), ['## Against Azure\'s layout', '', '- ✘ `x`', '']);
    assert.match(report, /entry script \*\*is not there\*\*: the server will load `\/var\/azureml-app\/onlinescoring\/score.py`/);
    assert.match(report, /### sys.path, as the server extends it\n\n```\n\/opt\/miniconda/);
    assert.ok(report.indexOf('## Against Azure') < report.indexOf('## Environment'), 'the comparison comes right after the verdict');
    assert.match(probeReport('p', parseProbe('@@root /r\n@@nopython\n@@end\n'), [], new Map()), /No `python` on the container's PATH/);
  });
});
