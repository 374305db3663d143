// The paths a scoring script builds from AZUREML_MODEL_DIR, found in the
// shapes real scoring scripts use, checked against Azure's layout (model.path
// under its own name) and the CLI's (model.path's parent), and rewritten the
// way they were written.
import * as assert from 'node:assert/strict';
import { inAzureLayout, modelDirReferences, modelPathFindings, rewriteModelPath, type ModelLayout } from '../../../../src/core/deploy/modelDirPaths';

const rels = (source: string) => modelDirReferences(source).map((r) => r.rel);

/** A layout from a list of paths relative to model.path's parent (folders end with `/`). */
function layout(base: string, entries: string[]): ModelLayout {
  const kinds = new Map<string, 'file' | 'folder'>();
  for (const e of entries) {
    const parts = e.replace(/\/$/, '').split('/');
    parts.forEach((_, i) => kinds.set(parts.slice(0, i + 1).join('/'), i < parts.length - 1 || e.endsWith('/') ? 'folder' : 'file'));
  }
  return { base, at: (rel) => kinds.get(rel), inModel: [...kinds.keys()].filter((k) => k === base || k.startsWith(`${base}/`)) };
}

describe('modelDirPaths.modelDirReferences', () => {
  it('finds the join the Azure ML examples write, over several lines, with the literal\'s span', () => {
    const source = 'import os\n\ndef init():\n    model_path = os.path.join(\n        os.getenv("AZUREML_MODEL_DIR"), "model/sklearn_regression_model.pkl"\n    )\n';
    const [ref] = modelDirReferences(source);
    assert.equal(ref.rel, 'model/sklearn_regression_model.pkl');
    assert.equal(source.slice(ref.start, ref.end), '"model/sklearn_regression_model.pkl"');
    assert.equal(ref.style, 'args');
  });

  it('follows a name bound to the folder, plain or as a Path, and every way of joining onto it', () => {
    const source = [
      'import os, pathlib',
      'from pathlib import Path',
      'model_dir = os.environ["AZUREML_MODEL_DIR"]',
      "base: Path = Path(os.environ.get('AZUREML_MODEL_DIR', '.'))",
      'a = os.path.join(model_dir, "model", "model.json")',
      'b = base / "vocab" / "words.txt"',
      "c = base.joinpath('labels.json')",
      'd = os.environ["AZUREML_MODEL_DIR"] + "/scaler.pkl"',
      'e = f"{model_dir}/extra/tokenizer.json"',
      "f = pathlib.Path(os.getenv('AZUREML_MODEL_DIR')) / 'm.onnx'",
    ].join('\n');
    assert.deepEqual(rels(source), ['model/model.json', 'vocab/words.txt', 'labels.json', 'scaler.pkl', 'extra/tokenizer.json', 'm.onnx']);
  });

  it('leaves alone what cannot be known before the run, and what is not the model folder', () => {
    const source = [
      'import os',
      '# path = os.path.join(os.getenv("AZUREML_MODEL_DIR"), "commented.pkl")',
      'x = os.path.join(os.getenv("AZUREML_MODEL_DIX"), "other_variable.pkl")',
      'y = os.path.join(os.getenv("AZUREML_MODEL_DIR"), name)',
      'z = os.path.join(os.getenv("AZUREML_MODEL_DIR"), "../outside.pkl")',
      'w = os.path.join(os.getenv("AZUREML_MODEL_DIR"), "/abs/model.pkl")',
      'v = os.path.join(os.getenv("AZUREML_MODEL_DIR"), f"{name}.pkl")',
      'u = os.path.join(os.getenv("AZUREML_MODEL_DIR"), "tab\\tname.pkl")',
      's = "os.path.join(os.getenv(\'AZUREML_MODEL_DIR\'), \'in_a_string.pkl\')"',
    ].join('\n');
    assert.deepEqual(rels(source), []);
  });

  it('finds nothing in a script that never reads AZUREML_MODEL_DIR', () => {
    assert.deepEqual(rels('import os\npath = os.path.join(os.getcwd(), "model.pkl")\n'), []);
  });
});

describe('modelDirPaths.modelPathFindings', () => {
  // model.path: model (a folder) beside onlinescoring/ and data/, as in a typical project.
  const project = layout('model', ['model/model.json', 'model/vocab.txt', 'data/labels.txt', 'onlinescoring/score.py', 'deployment.yml']);

  it('says nothing of a path inside the model, which both layouts have', () => {
    const refs = modelDirReferences('import os\np = os.path.join(os.getenv("AZUREML_MODEL_DIR"), "model", "model.json")\n');
    assert.equal(inAzureLayout(project, 'model/model.json'), true);
    assert.deepEqual(modelPathFindings(refs, project), []);
  });

  it('flags a file beside the model as there only in the CLI\'s layout', () => {
    const refs = modelDirReferences('import os\np = os.path.join(os.getenv("AZUREML_MODEL_DIR"), "data/labels.txt")\n');
    const [f] = modelPathFindings(refs, project);
    assert.equal(f.kind, 'cli-only');
    assert.equal(f.suggestion, undefined);
  });

  it('flags a path in neither layout and suggests the one in the model with the same name', () => {
    const refs = modelDirReferences('import os\np = os.path.join(os.getenv("AZUREML_MODEL_DIR"), "model.json")\n');
    const [f] = modelPathFindings(refs, project);
    assert.equal(f.kind, 'missing');
    assert.equal(f.suggestion, 'model/model.json');
  });

  it('knows a file model is in AZUREML_MODEL_DIR under its own name, not its folder\'s', () => {
    const fileModel = layout('sklearn.pkl', ['sklearn.pkl', 'notes.md']);
    const refs = modelDirReferences('import os\na = os.path.join(os.getenv("AZUREML_MODEL_DIR"), "model/sklearn.pkl")\nb = os.path.join(os.getenv("AZUREML_MODEL_DIR"), "notes.md")\n');
    assert.deepEqual(modelPathFindings(refs, fileModel).map((f) => [f.ref.rel, f.kind, f.suggestion]), [
      ['model/sklearn.pkl', 'missing', 'sklearn.pkl'],
      ['notes.md', 'cli-only', undefined],
    ]);
  });

  it('suggests nothing when the name is in the model twice', () => {
    const twice = layout('model', ['model/a/model.pkl', 'model/b/model.pkl']);
    const [f] = modelPathFindings(modelDirReferences('import os\np = os.path.join(os.getenv("AZUREML_MODEL_DIR"), "model.pkl")\n'), twice);
    assert.equal(f.suggestion, undefined);
  });
});

describe('modelDirPaths.rewriteModelPath', () => {
  const fix = (source: string, rel: string) => {
    const [ref] = modelDirReferences(source);
    return source.slice(0, ref.start) + rewriteModelPath(ref, rel) + source.slice(ref.end);
  };

  it('writes the new path as the old one was written, and changes nothing else', () => {
    assert.equal(fix('p = os.path.join(os.getenv("AZUREML_MODEL_DIR"),  "model.json" )  # load\n', 'model/model.json'), 'p = os.path.join(os.getenv("AZUREML_MODEL_DIR"),  "model", "model.json" )  # load\n');
    assert.equal(fix("p = os.path.join(os.getenv('AZUREML_MODEL_DIR'), 'model', 'x', 'model.json')\n", 'model.json'), "p = os.path.join(os.getenv('AZUREML_MODEL_DIR'), 'model.json')\n");
    assert.equal(fix('p = Path(os.getenv("AZUREML_MODEL_DIR")) / "m.pkl"\n', 'model/m.pkl'), 'p = Path(os.getenv("AZUREML_MODEL_DIR")) / "model" / "m.pkl"\n');
    assert.equal(fix('p = os.environ["AZUREML_MODEL_DIR"] + "/m.pkl"\n', 'model/m.pkl'), 'p = os.environ["AZUREML_MODEL_DIR"] + "/model/m.pkl"\n');
    assert.equal(fix('d = os.getenv("AZUREML_MODEL_DIR")\np = f"{d}/m.pkl"\n', 'model/m.pkl'), 'd = os.getenv("AZUREML_MODEL_DIR")\np = f"{d}/model/m.pkl"\n');
    assert.equal(fix('p = os.path.join(os.getenv("AZUREML_MODEL_DIR"), r"m.pkl")\n', 'model/m.pkl'), 'p = os.path.join(os.getenv("AZUREML_MODEL_DIR"), r"model", r"m.pkl")\n');
  });
});

describe('modelDirPaths on scripts being typed and scripts no one writes (issue 17)', () => {
  const bound = 'import os\nmodel_dir = os.getenv("AZUREML_MODEL_DIR")\n';

  it('reads a join still being typed (no closing parenthesis yet) as no path, then the path once closed', () => {
    // The diagnostic runs on every change of score.py. As one pattern, the
    // list of literals was tried split every possible way before failing:
    // exponential in the literal's length, over 10 s for this line.
    const typing = `${bound}p = os.path.join(model_dir, "model/sklearn_model_v1.pkl"`;
    assert.deepEqual(rels(typing), []);
    assert.deepEqual(rels(`${typing})\n`), ['model/sklearn_model_v1.pkl']);
    assert.deepEqual(rels(`${bound}p = model_dir.joinpath("a"  "b"\n    "c" , `), []);
    assert.deepEqual(rels(`${bound}p = Path(model_dir).joinpath("a", "b.pkl")`), ['a/b.pkl']);
  });

  it('reads thousands of reads of the variable, and follows the first 16 names bound to it', () => {
    const reads = 'x = os.getenv("AZUREML_MODEL_DIR")\n'.repeat(7_000);
    assert.deepEqual(rels(`${reads}p = os.path.join(x, "m.pkl")\n`), ['m.pkl']);
    // The names go into a regular expression: only as many as a script has.
    const names = Array.from({ length: 20 }, (_, i) => `d${i} = os.getenv("AZUREML_MODEL_DIR")\n`).join('');
    assert.deepEqual(rels(`${names}a = os.path.join(d15, "in.pkl")\nb = os.path.join(d16, "out.pkl")\n`), ['in.pkl']);
  });

  it('looks for names bound to the folder on Python\'s lines, each read once (issue 17)', () => {
    // A multiline `^` started a line at each \r and U+2028, and `[^=\n]*` read on from each to
    // the next \n: minutes for these.
    for (const sep of ['\r', '\u2028']) {
      assert.deepEqual(rels(`${bound}${`a:${sep}`.repeat(80_000)}\np = os.path.join(model_dir, "m.pkl")\n`), ['m.pkl']);
    }
    assert.deepEqual(rels('import os\rd: str = os.getenv("AZUREML_MODEL_DIR")\rp = os.path.join(d, "m.pkl")\r'), ['m.pkl'], 'old Mac line ends are line ends');
  });

  it('says nothing of a script past 256 KB, as of none (it runs on every change)', () => {
    // At 4 MB this took 2.7 s of CPU on each change.
    const big = `${bound}p = os.path.join(model_dir, "m.pkl")\n${'#'.repeat(256 * 1024)}\n`;
    assert.deepEqual(rels(big), []);
    assert.deepEqual(rels(big.slice(0, 200_000)), ['m.pkl']);
  });
});
