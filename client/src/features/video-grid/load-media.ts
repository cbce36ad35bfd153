import type { RoomSocket } from '../../api/index.js';
import { mediaPortFrom, publishLocal, type MediaClientLike } from './media-adapter.js';
import type { MediaPort } from './media-port.js';

interface MediaModule {
  MediaClient: new (socket: ReturnType<RoomSocket['signal']>) => MediaClientLike;
}

/**
 * The media wrapper (client/src/media, media team) is found at build time and loaded as its own chunk, so
 * the room works — without video — on a build that does not have it yet.
 */
const mediaModules = import.meta.glob<MediaModule>('../../media/index.ts');

export async function connectMedia(socket: RoomSocket, localStream: MediaStream | null): Promise<MediaPort | null> {
  const load = Object.values(mediaModules)[0];
  if (!load) return null;
  const { MediaClient } = await load();
  const client = new MediaClient(socket.signal());
  await client.join();
  const port = mediaPortFrom(client, localStream);
  await publishLocal(port, localStream);
  return port;
}
