import { lazyComponent } from '../../ui/index.js';
import type { RoomSocket } from '../../api/index.js';

export * from './sync.js';

declare global {
  interface Window {
    EXCALIDRAW_ASSET_PATH?: string | string[];
  }
}

/**
 * Excalidraw is its own chunk, fetched when the whiteboard tab opens. Its fonts are self-hosted under
 * /app/fonts/ (copied at build time), so the asset path must be set before the module loads.
 */
export const LazyWhiteboard = lazyComponent<{ socket: RoomSocket; langCode: string; staff: boolean }>(() => {
  window.EXCALIDRAW_ASSET_PATH = new URL(import.meta.env.BASE_URL, window.location.origin).href;
  return import('./WhiteboardCanvas.js').then((m) => m.default);
});
