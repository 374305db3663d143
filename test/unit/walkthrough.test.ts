// The walkthrough the manifest contributes is whole and honest: its seven
// steps each complete on an event the extension really raises (a context key
// of the typed table, set when the gesture worked, or its own view shown),
// link only to commands that exist, and show a screenshot the VSIX carries.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CommandIds } from '../../src/platform/commandIds';
import { WalkthroughContext } from '../../src/platform/contextKeys';

const root = path.join(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const text = (value: string) => nls[value.replace(/^%(.*)%$/, '$1')] ?? value;

interface Step {
  id: string;
  title: string;
  description: string;
  media: { image: string; altText: string };
  completionEvents: string[];
}

/** Workbench commands the steps link to (VS Code's own, not ours). */
const workbenchCommands = new Set(['workbench.action.files.openFolder', 'workbench.action.openSettings', 'workbench.action.debug.start', 'workbench.actions.view.problems', 'azuremlDebug.services.focus']);

describe('walkthrough', () => {
  const [walkthrough] = manifest.contributes.walkthroughs as { id: string; title: string; steps: Step[] }[];

  it('is the one "Get started" walkthrough with the seven steps of issue 19, in order', () => {
    assert.equal(manifest.contributes.walkthroughs.length, 1);
    assert.equal(text(walkthrough.title), 'Get started with Azure ML deployment debugging');
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['openFolder', 'services', 'deployLocally', 'debugInit', 'debugRun', 'crashFix', 'attachConfig']);
  });

  it('completes each step on a context key the extension sets when the gesture worked, or on its view shown', () => {
    const keys = new Set<string>(Object.values(WalkthroughContext));
    const views = new Set(Object.values(manifest.contributes.views as Record<string, { id: string }[]>).flat().map((v) => v.id));
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents.length > 0, step.id);
      for (const event of step.completionEvents) {
        const [kind, what] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
        if (kind === 'onContext') {
          // One of our keys, alone or with the workbench's own activeEditor (see below).
          const ours = what.match(/azuremlDebug\.[\w.]+/g) ?? [];
          assert.equal(ours.length, 1, `${step.id}: ${what} names none or several of our keys`);
          assert.ok(keys.has(ours[0]), `${step.id}: ${ours[0]} is not a key of WalkthroughContext`);
          assert.match(what.replace(ours[0], 'KEY'), /^KEY( && activeEditor == gettingStartedPage)?$/, `${step.id}: ${what}`);
        }
        else if (kind === 'onView') assert.ok(views.has(what), `${step.id}: no view ${what}`);
        else assert.fail(`${step.id}: ${event} (a command alone does not prove the step)`);
      }
    }
    // Every key is some step's: none is set for nothing.
    assert.deepEqual([...keys].filter((k) => !walkthrough.steps.some((s) => s.completionEvents.includes(`onContext:${k}`))), []);
    // A gesture made before the walkthrough was first shown counts too: VS Code (1.100) registers a walkthrough when it is first
    // shown and takes a completion key already set then as seen, never completing the step on it; the same key with the page
    // as the active editor turns true only after that, when the page shows.
    for (const step of walkthrough.steps.filter((s) => s.completionEvents[0].startsWith('onContext:'))) {
      assert.deepEqual(step.completionEvents.slice(1), [`${step.completionEvents[0]} && activeEditor == gettingStartedPage`], step.id);
    }
  });

  it('localizes every string and links only to commands that exist', () => {
    const ours = new Set<string>(Object.values(CommandIds));
    for (const step of walkthrough.steps) {
      for (const value of [step.title, step.description, step.media.altText]) assert.match(value, /^%[^%]+%$/, `${step.id}: ${value} is not localized`);
      const links = [...text(step.description).matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]);
      assert.ok(links.length > 0, `${step.id} links to no command`);
      for (const id of links) assert.ok(ours.has(id) || workbenchCommands.has(id), `${step.id} links to ${id}`);
    }
  });

  it('shows a PNG the tests took, under media/walkthrough/ (which the VSIX carries)', () => {
    for (const step of walkthrough.steps) {
      assert.match(step.media.image, /^media\/walkthrough\/[\w-]+\.png$/);
      const png = fs.readFileSync(path.join(root, step.media.image));
      assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], `${step.media.image} is not a PNG`);
    }
    assert.ok(fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').includes('!media/walkthrough/**'));
  });
});
