// dist/views.js: what the user sees of the services, built by
// src/views/lazy.ts on first use: the Services tree's provider (on the
// view's first request) and the status bar item of the workspace's
// deployment (when the model first holds a service).
export { createServicesTree } from './servicesView';
export { createDeploymentStatus } from './deploymentStatus';
