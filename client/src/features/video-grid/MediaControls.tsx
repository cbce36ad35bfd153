import { useEffect, useState } from 'preact/hooks';
import { useApp, useRoomServices } from '../../ui/index.js';
import type { MediaPort } from './media-port.js';

/**
 * Microphone, camera and screen-share toggles. Without a media port they still switch the local preview's
 * tracks, so what the user sees matches what they would send.
 */
export function MediaControls(props: { media: MediaPort | null }) {
  const { t } = useApp();
  const { localStream, store } = useRoomServices();
  const [mic, setMic] = useState(() => localStream?.getAudioTracks().some((tr) => tr.enabled) ?? false);
  const [camera, setCamera] = useState(() => localStream?.getVideoTracks().some((tr) => tr.enabled) ?? false);
  const [screen, setScreen] = useState(false);

  const setTracks = (kind: 'audio' | 'video', enabled: boolean) => {
    for (const track of kind === 'audio'
      ? (localStream?.getAudioTracks() ?? [])
      : (localStream?.getVideoTracks() ?? []))
      track.enabled = enabled;
  };
  useEffect(
    () =>
      props.media?.onStoppedByStaff((source) => {
        if (source === 'mic') {
          setTracks('audio', false);
          setMic(false);
        } else if (source === 'camera') {
          setTracks('video', false);
          setCamera(false);
        } else setScreen(false);
      }),
    [props.media],
  );
  const toggle = async (kind: 'audio' | 'video', next: boolean) => {
    store.dispatch({ type: 'media_stopped_by_staff', source: null, at: new Date().toISOString() });
    setTracks(kind, next);
    if (kind === 'audio') {
      setMic(next);
      await props.media?.setMicrophone(next);
    } else {
      setCamera(next);
      await props.media?.setCamera(next);
    }
  };

  return (
    <div class="toolbar__group" role="group" aria-label={t('media.controls')}>
      <button type="button" aria-pressed={mic} onClick={() => void toggle('audio', !mic)}>
        <span aria-hidden="true">{mic ? '🎙️' : '🔇'}</span> {mic ? t('media.mute') : t('media.unmute')}
      </button>
      <button type="button" aria-pressed={camera} onClick={() => void toggle('video', !camera)}>
        <span aria-hidden="true">{camera ? '📷' : '🚫'}</span> {camera ? t('media.cameraOff') : t('media.cameraOn')}
      </button>
      <button
        type="button"
        aria-pressed={screen}
        disabled={!props.media}
        title={props.media ? undefined : t('media.unavailable')}
        onClick={() => {
          setScreen(!screen);
          void props.media?.setScreenShare(!screen);
        }}
      >
        <span aria-hidden="true">🖥️</span> {screen ? t('media.stopShare') : t('media.share')}
      </button>
    </div>
  );
}
