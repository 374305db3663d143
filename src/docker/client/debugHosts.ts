// Builds the Docker-backed DebuggeeHostFactory the `azureml` adapter is given:
// launch hosts start a debug container, container hosts attach to one.
import type Dockerode from 'dockerode';
import type { DebuggeeHostFactory } from '../../debug/adapter/debuggeeHost';
import { engineAddress } from '../engineAddress';
import { createDockerClient } from './engineClient';
import { DockerAttachHost } from './debugAttachHost';
import { DockerLaunchHost, type LaunchHostOptions } from './debugLaunchHost';

/** The factory for one Docker engine; `options()` is read at each launch (settings may change). */
export function createDebuggeeHosts(docker: Dockerode, options: () => LaunchHostOptions): DebuggeeHostFactory {
  return {
    forLaunch: (args) => new DockerLaunchHost(docker, args, options()),
    forContainer: (args) => new DockerAttachHost(docker, args),
  };
}

/** The factory for the engine the docker CLI would use (DOCKER_HOST, the current context, the local socket), ssh:// included. */
export function createDefaultDebuggeeHosts(options: () => LaunchHostOptions): DebuggeeHostFactory {
  return createDebuggeeHosts(createDockerClient(engineAddress(undefined)), options);
}
