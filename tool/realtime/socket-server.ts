import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';

export const SOCKET_MAX_PAYLOAD_BYTES = 256 * 1024;

/**
 * socket.io on the default path with the Redis adapter, so room broadcasts reach clients connected to any
 * tool process. Connection-state recovery lets a client that drops for a moment get missed events replayed.
 */
export function createSocketServer(httpServer: HttpServer, redis: { pub: Redis; sub: Redis }): Server {
  return new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: SOCKET_MAX_PAYLOAD_BYTES,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    adapter: createAdapter(redis.pub, redis.sub),
    cors: { origin: false },
  });
}
