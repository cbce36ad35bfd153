export { WorkerPool, type WorkerPoolOptions, type WorkerPoolEvents } from './worker-pool.js';
export { ROUTER_MEDIA_CODECS } from './codecs.js';
export {
  reportWorkerOpenSsl,
  inspectWorkerOpenSsl,
  describeWorkerOpenSsl,
  type WorkerOpenSsl,
  type WorkerOpenSslReport,
} from './worker-build-info.js';
