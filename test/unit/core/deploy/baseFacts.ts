// The facts of a base image for the environment and plan tests.
import type { BaseFacts } from '../../../../src/core/deploy/deployEnvironment';

// What the probe finds in mcr.microsoft.com/azureml/minimal-py312-inference: a root-owned env, the non-root dockeruser.
export const base: BaseFacts = {
  python: '3.11.2',
  packages: { flask: '2.2.2', gunicorn: '20.1.0', debugpy: '1.6.6' },
  pip: true,
  conda: false,
  executable: '/opt/miniconda/envs/amlenv/bin/python',
  envPath: '/opt/miniconda/envs/amlenv',
  envWritable: false,
  user: 'dockeruser',
  uid: 1000,
  gid: 1000,
  groups: [1000],
};
