export * from './media-port.js';
export { MediaControls } from './MediaControls.js';
export { useMediaConnection } from './use-media.js';
export { VideoGrid } from './VideoGrid.js';
