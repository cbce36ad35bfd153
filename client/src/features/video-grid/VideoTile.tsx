import { useEffect, useRef, useState } from 'preact/hooks';
import type { MediaPort } from './media-port.js';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');
}

/**
 * Whether the stream has a camera/screen track still running. Tracks end when a peer leaves or the session ends
 * (then the tile shows the avatar, not a frozen black frame); stopping a track fires no event, so the tile also
 * re-checks when the stream's track list changes.
 */
function useLiveVideo(stream: MediaStream | null): boolean {
  const [, recheck] = useState(0);
  useEffect(() => {
    if (!stream) return;
    const bump = () => recheck((n) => n + 1);
    const tracks = stream.getVideoTracks();
    for (const track of tracks) track.addEventListener('ended', bump);
    stream.addEventListener('addtrack', bump);
    stream.addEventListener('removetrack', bump);
    return () => {
      for (const track of tracks) track.removeEventListener('ended', bump);
      stream.removeEventListener('addtrack', bump);
      stream.removeEventListener('removetrack', bump);
    };
  }, [stream]);
  return stream?.getVideoTracks().some((track) => track.readyState === 'live') ?? false;
}

export function VideoTile(props: {
  userId: string;
  name: string;
  label: string;
  stream: MediaStream | null;
  speaking: boolean;
  muted?: boolean;
  pinned?: boolean;
  media: MediaPort | null;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const audio = useRef<HTMLAudioElement>(null);
  const tile = useRef<HTMLDivElement>(null);
  const hasVideo = useLiveVideo(props.stream);
  useEffect(() => {
    const element = hasVideo ? video.current : audio.current;
    if (element && element.srcObject !== props.stream) element.srcObject = props.stream;
  }, [props.stream, hasVideo]);
  useEffect(() => {
    const { media, userId } = props;
    if (!media || !tile.current) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) media.setTileHeight(userId, entry.contentRect.height * window.devicePixelRatio);
    });
    observer.observe(tile.current);
    return () => observer.disconnect();
  }, [props.media, props.userId]);
  return (
    <div
      ref={tile}
      class={`tile${props.speaking ? ' tile--speaking' : ''}${props.pinned ? ' tile--pinned' : ''}`}
      data-testid={`tile-${props.userId}`}
      aria-label={props.label}
      role="img"
    >
      {hasVideo ? (
        <video ref={video} autoPlay playsInline muted={props.muted ?? false} />
      ) : (
        <span class="tile__avatar" aria-hidden="true">
          {initials(props.name)}
        </span>
      )}
      {props.stream && !hasVideo && !props.muted ? <audio ref={audio} autoPlay /> : null}
      <span class="tile__name">{props.name}</span>
    </div>
  );
}
