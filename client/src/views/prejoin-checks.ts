/** Pure helpers of the pre-join screen. */
export type NetworkQuality = 'good' | 'fair' | 'poor' | 'offline';

/** Median round trip to the tool → quality; no successful sample means offline. */
export function networkQuality(roundTripsMs: readonly number[]): NetworkQuality {
  if (roundTripsMs.length === 0) return 'offline';
  const sorted = [...roundTripsMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  if (median <= 150) return 'good';
  if (median <= 400) return 'fair';
  return 'poor';
}

/** getUserMedia failures → the i18n key that tells the person what to do. */
export function mediaErrorKey(error: unknown): string {
  switch ((error as { name?: string } | null)?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'prejoin.error.denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'prejoin.error.noDevice';
    case 'NotReadableError':
    case 'AbortError':
      return 'prejoin.error.inUse';
    default:
      return 'prejoin.error.unknown';
  }
}

/** Constraints for the chosen devices; an empty id means "browser default", `false` means "don't use". */
export function mediaConstraints(camera: string | false, microphone: string | false): MediaStreamConstraints {
  const pick = (id: string | false, extra: MediaTrackConstraints = {}) =>
    id === false ? false : id ? { ...extra, deviceId: { exact: id } } : { ...extra };
  return {
    video: pick(camera, { width: { ideal: 1280 }, height: { ideal: 720 } }),
    audio: pick(microphone, { echoCancellation: true, noiseSuppression: true }),
  };
}
