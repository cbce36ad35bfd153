export {
  MediaClient,
  CAMERA_ENCODINGS,
  type MediaClientEvents,
  type MediaSource,
  type RemoteTrack,
} from './media-client.js';
export { MediaRequestError, type SignalSocket } from './signalling.js';
