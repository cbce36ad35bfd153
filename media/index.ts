export { WorkerPool, type WorkerPoolOptions, type WorkerPoolEvents } from './worker-pool.js';
export { ROUTER_MEDIA_CODECS } from './codecs.js';
