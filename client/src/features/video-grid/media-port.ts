/**
 * The seam between the views and the media layer (client/src/media/, owned by the media team). The views
 * only know this interface; the media wrapper implements it over mediasoup-client and the `media:*` events.
 */
export interface MediaTrackInfo {
  userId: string;
  kind: 'camera' | 'screen';
  stream: MediaStream;
}

export interface MediaPort {
  /** Current remote streams; `subscribe` fires whenever that list changes. */
  tracks(): MediaTrackInfo[];
  subscribe(listener: () => void): () => void;
  setMicrophone(enabled: boolean): Promise<void>;
  setCamera(enabled: boolean): Promise<void>;
  setScreenShare(enabled: boolean): Promise<void>;
  /** Simulcast: ask the SFU for the spatial layer that suits how large a user's tile is drawn. */
  requestLayer(userId: string, spatialLayer: SpatialLayer): void;
  close(): void;
}

export type SpatialLayer = 0 | 1 | 2;

/** Tile width in CSS px → simulcast spatial layer (low ≤ 240 px, medium ≤ 640 px, high above). */
export function layerForTileWidth(width: number, devicePixelRatio = 1): SpatialLayer {
  const pixels = width * Math.min(devicePixelRatio, 2);
  if (pixels <= 320) return 0;
  if (pixels <= 800) return 1;
  return 2;
}

/** Grid columns for n tiles in a container of the given width: square-ish, at least 160 px per tile. */
export function gridColumns(tileCount: number, containerWidth: number): number {
  const byWidth = Math.max(1, Math.floor(containerWidth / 160));
  const square = Math.ceil(Math.sqrt(Math.max(1, tileCount)));
  return Math.max(1, Math.min(byWidth, square));
}
