import { useEffect, useRef } from 'preact/hooks';
import type { MediaPort } from './media-port.js';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');
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
  const hasVideo = (props.stream?.getVideoTracks().length ?? 0) > 0;
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
