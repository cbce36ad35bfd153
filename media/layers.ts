/**
 * Camera simulcast: three encodings, each half the resolution of the next. The client sends them with these
 * `scaleResolutionDownBy` values; the server picks which one a viewer receives from the tile it draws.
 */
export const CAMERA_SIMULCAST_SCALE_DOWN = [4, 2, 1] as const;
export const CAMERA_CAPTURE_HEIGHT = 720;
export const MAX_TEMPORAL_LAYER = 2;

export interface Layers {
  spatialLayer: number;
  temporalLayer: number;
}

/**
 * The lowest spatial layer whose height covers the tile (already multiplied by the device pixel ratio), so a
 * thumbnail gets 180p and a spotlight tile 720p. mediasoup still steps below this preference on its own
 * when the viewer's bandwidth estimate cannot carry it; the preference is the ceiling.
 */
export function layersForTile(tileHeightPx: number, captureHeight = CAMERA_CAPTURE_HEIGHT): Layers {
  const heights = CAMERA_SIMULCAST_SCALE_DOWN.map((scale) => captureHeight / scale);
  const index = heights.findIndex((h) => h >= tileHeightPx);
  return { spatialLayer: index < 0 ? heights.length - 1 : index, temporalLayer: MAX_TEMPORAL_LAYER };
}
