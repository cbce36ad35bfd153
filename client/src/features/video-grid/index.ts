export * from './media-port.js';
export { VideoGrid } from './VideoGrid.js';
export { MediaControls } from './MediaControls.js';
