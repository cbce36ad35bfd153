export * from './media-port.js';
export { connectMedia } from './load-media.js';
export { MediaControls } from './MediaControls.js';
export { VideoGrid } from './VideoGrid.js';
