// Builds the Docker-backed DebuggeeHostFactory the `azureml` adapter is given:
// launch hosts start a debug container, container hosts attach to one.
import Dockerode from 'dockerode';
import type { DebuggeeHostFactory } from '../../debug/adapter/debuggeeHost';
import { DockerAttachHost } from './debugAttachHost';
import { DockerLaunchHost, type LaunchHostOptions } from './debugLaunchHost';

/** The factory for one Docker engine; `options()` is read at each launch (settings may change). */
export function createDebuggeeHosts(docker: Dockerode, options: () => LaunchHostOptions): DebuggeeHostFactory {
  return {
    forLaunch: (args) => new DockerLaunchHost(docker, args, options()),
    forContainer: (args) => new DockerAttachHost(docker, args),
  };
}

/** The factory for the engine named by DOCKER_HOST, or the local socket. */
export function createDefaultDebuggeeHosts(options: () => LaunchHostOptions): DebuggeeHostFactory {
  return createDebuggeeHosts(new Dockerode(), options);
}
