// The tree's context menus (package.json `viewItem =~ /…/` clauses) and the
// contextValues the tree gives its Docker services (core/model/serviceDisplay)
// agree: each menu shows on the services it is for and on no other, so a
// renamed state or flag cannot silently hide or misplace a command.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { containerRecord } from '../../../src/core/docker/dockerRecords';
import { serviceDisplay } from '../../../src/core/model/serviceDisplay';
import { CommandIds } from '../../../src/platform/commandIds';
import { inspect, none } from '../core/docker/containerInspect';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8'));
const itemMenus = manifest.contributes.menus['view/item/context'] as { command: string; when?: string }[];

/** Whether `command`'s item menu shows for a tree item with `contextValue`. */
function shows(command: string, contextValue: string): boolean {
  return itemMenus
    .filter((m) => m.command === command)
    .some((m) => {
      const re = /viewItem =~ \/(.*)\/(?:\s|$)/.exec(m.when ?? '');
      return re ? new RegExp(re[1]).test(contextValue) : false;
    });
}

const deployedLabels = { 'com.azureml-debug.owner': 'deploy', 'com.azureml-debug.service': 'svc', 'com.azureml-debug.version': '2' };
const context = {
  // Deployed by Deploy Locally, serving.
  localRunning: serviceDisplay(containerRecord(inspect({ Config: { Image: 'img', Labels: deployedLabels, Env: [] } }), 'docker', none)!, 0).contextValue,
  // A service the user ran, crashed (init() failed: exit 3).
  crashed: serviceDisplay(containerRecord(inspect({ state: { Status: 'exited', Running: false, StartedAt: '2026-11-23T10:00:00Z', FinishedAt: '2026-11-23T10:00:05Z', ExitCode: 3 } }), 'docker', none)!, 0).contextValue,
};

describe('tree menus and contextValues', () => {
  it('gives the contextValues the menus are written against', () => {
    assert.equal(context.localRunning, 'service.docker.running.scoring.local');
    assert.equal(context.crashed, 'service.docker.failed.scoring');
  });

  it('shows each Docker service command where it applies, and only there', () => {
    const expect: [string, boolean, boolean][] = [
      // command, on the running local deployment, on the crashed container
      [CommandIds.deploySendTestRequest, true, false],
      [CommandIds.deployReload, true, false],
      [CommandIds.deployUpdate, true, false],
      [CommandIds.deployDelete, true, false],
      [CommandIds.serviceStart, false, true],
      [CommandIds.serviceStop, true, false],
      [CommandIds.serviceOpenShell, true, false],
      [CommandIds.serviceShowLogs, true, true],
      [CommandIds.serviceDebug, true, true],
      [CommandIds.serviceRemove, true, true],
    ];
    for (const [command, onLocal, onCrashed] of expect) {
      assert.equal(shows(command, context.localRunning), onLocal, `${command} on ${context.localRunning}`);
      assert.equal(shows(command, context.crashed), onCrashed, `${command} on ${context.crashed}`);
    }
  });

  it('names only commands of the typed table in its menus', () => {
    const known = new Set<string>(Object.values(CommandIds));
    const menus = manifest.contributes.menus as Record<string, { command?: string }[]>;
    const unknown = Object.values(menus).flat().map((m) => m.command).filter((c): c is string => !!c && !known.has(c));
    assert.deepEqual(unknown, []);
  });
});
