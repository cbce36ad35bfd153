import { useEffect, useRef, useState } from 'preact/hooks';
import { roomParticipants, sortedParticipants } from '../../state/index.js';
import { useApp, useRoom, useRoomServices } from '../../ui/index.js';
import { gridColumns, type MediaPort, type MediaTrackInfo } from './media-port.js';
import { VideoTile } from './VideoTile.js';

function useMediaTracks(media: MediaPort | null): MediaTrackInfo[] {
  const [tracks, setTracks] = useState<MediaTrackInfo[]>(() => media?.tracks() ?? []);
  useEffect(() => {
    if (!media) return;
    setTracks(media.tracks());
    return media.subscribe(() => setTracks(media.tracks()));
  }, [media]);
  return tracks;
}

/**
 * Participants as tiles: the local preview first, remote streams from the media port when it is attached
 * (avatars otherwise), a pinned screen share above the grid, the active speaker outlined.
 */
export function VideoGrid(props: { media: MediaPort | null }) {
  const { t, claims } = useApp();
  const { localStream } = useRoomServices();
  const participants = useRoom(sortedParticipants);
  const inMyRoom = useRoom(roomParticipants);
  const activeSpeaker = useRoom((s) => s.activeSpeaker);
  const tracks = useMediaTracks(props.media);
  const grid = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    if (!grid.current) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(entry.contentRect.width));
    observer.observe(grid.current);
    return () => observer.disconnect();
  }, []);

  const screen = tracks.find((track) => track.kind === 'screen');
  const cameraOf = (userId: string) => tracks.find((tr) => tr.userId === userId && tr.kind === 'camera')?.stream;
  // During breakouts only this room's members get tiles, and whoever's camera reaches this room (a visiting
  // instructor): people in other rooms would otherwise show as avatars as if they were here.
  const others = participants.filter(
    (p) => p.id !== claims.sub && (inMyRoom.some((m) => m.id === p.id) || cameraOf(p.id) !== undefined),
  );
  const columns = gridColumns(others.length + 1, width);
  const nameOf = (userId: string) => participants.find((p) => p.id === userId)?.name ?? '';

  return (
    <section class="video" aria-label={t('video.region')}>
      {screen ? (
        <div class="video__screen">
          <VideoTile
            userId={`${screen.userId}-screen`}
            name={t('video.screenOf', { name: nameOf(screen.userId) })}
            label={t('video.screenOf', { name: nameOf(screen.userId) })}
            stream={screen.stream}
            speaking={false}
            pinned
            media={props.media}
          />
        </div>
      ) : null}
      <div class="video__grid" ref={grid} style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
        <VideoTile
          userId={claims.sub}
          name={t('video.you', { name: claims.name })}
          label={t('video.you', { name: claims.name })}
          stream={localStream}
          speaking={activeSpeaker === claims.sub}
          muted
          media={null}
        />
        {others.map((p) => (
          <VideoTile
            key={p.id}
            userId={p.id}
            name={p.name}
            label={p.speaking || activeSpeaker === p.id ? t('video.speaking', { name: p.name }) : p.name}
            stream={cameraOf(p.id) ?? null}
            speaking={p.speaking || activeSpeaker === p.id}
            media={props.media}
          />
        ))}
      </div>
    </section>
  );
}
