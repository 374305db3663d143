// Splits an image reference ("host:port/repo/name:tag@digest") into the
// registry it is pulled from, its repository and its tag, the way Docker
// reads it: a first component with a dot, a colon or "localhost" is a host,
// anything else is on Docker Hub.

/** The parts of an image reference that say where it is pulled from. */
export interface ImageReference {
  /** Registry host as written ("myregistry.azurecr.io", "127.0.0.1:5000"); "docker.io" for Docker Hub. */
  registry: string;
  /** Repository inside the registry ("azureml/minimal-py312-inference"; "library/x" on Docker Hub). */
  repository: string;
  /** The tag ("latest" when none and no digest). */
  tag?: string;
  digest?: string;
}

export const DOCKER_HUB = 'docker.io';

/** Reads `ref`; never throws (an odd reference still yields a best guess). */
export function parseImageReference(ref: string): ImageReference {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const isHost = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = isHost ? first : DOCKER_HUB;
  let repository = isHost ? rest.slice(slash + 1) : rest;
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  return { registry, repository, tag: tag ?? (digest ? undefined : 'latest'), digest };
}

/** The name `az acr login --name` takes, when `registry` is an Azure Container Registry. */
export function acrName(registry: string): string | undefined {
  return /^([a-z0-9]+)\.azurecr\.(io|cn|us)$/i.exec(registry)?.[1];
}
