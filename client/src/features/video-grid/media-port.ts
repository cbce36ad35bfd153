/**
 * The seam between the views and the media layer (client/src/media/, owned by the media team). The views
 * only know `MediaPort`; `media-adapter.ts` implements it over the media team's MediaClient.
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
  /** Simulcast: the SFU picks the layer that suits how tall (device px) a user's camera tile is drawn. */
  setTileHeight(userId: string, heightPx: number): void;
  /** Staff stopped (or paused) this user's microphone, camera or screen share; the controls follow. */
  onStoppedByStaff(listener: (source: 'mic' | 'camera' | 'screen') => void): () => void;
  close(): void;
}

/** Grid columns for n tiles in a container of the given width: square-ish, at least 160 px per tile. */
export function gridColumns(tileCount: number, containerWidth: number): number {
  const byWidth = Math.max(1, Math.floor(containerWidth / 160));
  const square = Math.ceil(Math.sqrt(Math.max(1, tileCount)));
  return Math.max(1, Math.min(byWidth, square));
}
