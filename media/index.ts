export { WorkerPool, type WorkerPoolOptions, type WorkerPoolEvents } from './worker-pool.js';
export { ROUTER_MEDIA_CODECS } from './codecs.js';
export {
  reportWorkerOpenSsl,
  inspectWorkerOpenSsl,
  describeWorkerOpenSsl,
  type WorkerOpenSsl,
  type WorkerOpenSslReport,
} from './worker-build-info.js';
export {
  MediaService,
  audienceRoom,
  forwardSpeakingEvents,
  type MediaServiceEvents,
  type MediaServiceOptions,
  type MediaIdentity,
  type ProducerEvent,
} from './media-service.js';
export { MediaRoom, type PeerSink, type ProducerInfo } from './media-room.js';
export { MediaError, type MediaErrorCode } from './errors.js';
export { mediaRequestSchemas, MEDIA_SOURCES, type MediaRequestName, type MediaSource } from './requests.js';
export {
  listRecordings,
  pruneRecordings,
  reserveRtpPorts,
  waitForUdpListener,
  type RecordingManifest,
} from './recorder.js';
export { iceServersFor, turnCredentials } from './turn.js';
export { layersForTile, CAMERA_SIMULCAST_SCALE_DOWN } from './layers.js';
export { DEFAULT_PEER_LIMITS, type PeerLimits } from './limits.js';
