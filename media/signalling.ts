import type { types } from 'mediasoup';
import { MediaError } from './errors.js';
import { enforceRate } from './limits.js';
import type { MediaRoom } from './media-room.js';
import { audienceRoom, isStaff, type MediaService, type ServicePeer } from './media-service.js';
import {
  mediaRequestSchemas,
  RENEGOTIATING_REQUESTS,
  STAFF_ONLY_REQUESTS,
  type MediaRequest,
  type MediaRequestName,
} from './requests.js';

export type MediaAck =
  | { ok: true; [key: string]: unknown }
  | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };

type Answer = Record<string, unknown> | void;
type Handler<N extends MediaRequestName> = (
  ctx: { service: MediaService; peer: ServicePeer },
  req: MediaRequest<N>,
) => Promise<Answer>;

async function joined(ctx: { service: MediaService; peer: ServicePeer }): Promise<MediaRoom> {
  return ctx.service.joinedRoom(ctx.peer);
}

const peerId = (ctx: { peer: ServicePeer }) => ctx.peer.sink.id;

/** One handler per `media:*` request, in the order a client uses them. */
const handlers: { [N in MediaRequestName]: Handler<N> } = {
  'media:getRouterRtpCapabilities': async ({ service, peer }) => {
    const room = await service.room(peer.roomKey, peer.identity.seminar);
    return {
      roomKey: room.key,
      rtpCapabilities: room.router.rtpCapabilities,
      iceServers: service.iceServers(peer.identity.sub),
    };
  },
  'media:join': async ({ service, peer }, req) => {
    await service.admit(peer.identity);
    const room = await service.room(peer.roomKey, peer.identity.seminar);
    await peer.socket.join(audienceRoom(room.key));
    const recorder = service.recorder(room.key);
    return {
      ...room.join(peer.sink, req.rtpCapabilities as types.RtpCapabilities),
      recording: recorder ? { recordingId: recorder.id, startedAt: recorder.startedAt.toISOString() } : null,
    };
  },
  'media:leave': async ({ service, peer }) => service.leave(peer),
  'media:createTransport': async (ctx, req) => ({
    ...(await (await joined(ctx)).createTransport(peerId(ctx), req.direction)),
    iceServers: ctx.service.iceServers(ctx.peer.identity.sub),
  }),
  'media:connectTransport': async (ctx, req) => (await joined(ctx)).connectTransport(peerId(ctx), req),
  'media:restartIce': async (ctx, req) => (await joined(ctx)).restartIce(peerId(ctx), req.transportId),
  'media:produce': async (ctx, req) => {
    if (ctx.peer.identity.role === 'observer') throw new MediaError('FORBIDDEN', 'Observers cannot send media');
    return (await joined(ctx)).produce(peerId(ctx), req);
  },
  'media:closeProducer': async (ctx, req) => (await joined(ctx)).closeProducer(peerId(ctx), req.producerId),
  'media:pauseProducer': async (ctx, req) => (await joined(ctx)).setProducerPaused(peerId(ctx), req.producerId, true),
  'media:resumeProducer': async (ctx, req) => (await joined(ctx)).setProducerPaused(peerId(ctx), req.producerId, false),
  'media:consume': async (ctx, req) => (await joined(ctx)).consume(peerId(ctx), req),
  'media:pauseConsumer': async (ctx, req) => (await joined(ctx)).setConsumerPaused(peerId(ctx), req.consumerId, true),
  'media:resumeConsumer': async (ctx, req) => (await joined(ctx)).setConsumerPaused(peerId(ctx), req.consumerId, false),
  'media:setPreferredLayers': async (ctx, req) => (await joined(ctx)).setPreferredLayers(peerId(ctx), req),
  'media:requestKeyFrame': async (ctx, req) => (await joined(ctx)).requestKeyFrame(peerId(ctx), req.consumerId),
  'media:setAudioOnly': async (ctx, req) => (await joined(ctx)).setAudioOnly(peerId(ctx), req.enabled),
  'media:muteParticipant': async (ctx, req) => ({ producers: await (await joined(ctx)).muteUser(req.userId) }),
  'media:stopParticipantMedia': async (ctx, req) => ({
    producers: (await joined(ctx)).stopUserMedia(req.userId, req.source),
  }),
  'media:spotlight': async (ctx, req) => (await joined(ctx)).setSpotlight(req.userId),
  'media:startRecording': async (ctx) => {
    const recorder = await ctx.service.startRecording(await joined(ctx), ctx.peer.identity.sub);
    return { recordingId: recorder.id };
  },
  'media:stopRecording': async (ctx) => ({ recording: await ctx.service.stopRecording(await joined(ctx)) }),
  'media:listRecordings': async ({ service, peer }) => ({
    recordings: await service.recordings(peer.identity.seminar),
  }),
};

export const MEDIA_REQUEST_NAMES = Object.keys(mediaRequestSchemas) as MediaRequestName[];

function errorAck(err: unknown): MediaAck {
  if (err instanceof MediaError)
    return { ok: false, error: { code: err.code, message: err.message, details: err.details } };
  // mediasoup throws TypeError for parameters it cannot use (unknown codec, bad encodings, …).
  if (err instanceof TypeError) return { ok: false, error: { code: 'VALIDATION_ERROR', message: err.message } };
  return { ok: false, error: { code: 'INTERNAL', message: 'Media request failed' } };
}

/**
 * The one flat dispatch of `media:*` requests: rate limits (before parsing, so floods of junk count too),
 * role check, zod validation, then the handler. Always answers with the ack envelope.
 */
export async function dispatchMediaRequest(
  service: MediaService,
  peer: ServicePeer,
  name: MediaRequestName,
  payload: unknown,
): Promise<MediaAck> {
  try {
    enforceRate(peer.rates, 'request', service.limits);
    if (STAFF_ONLY_REQUESTS.has(name) && !isStaff(peer.identity.role)) {
      throw new MediaError('FORBIDDEN', 'Only instructors and TAs can do this');
    }
    if (RENEGOTIATING_REQUESTS.has(name)) enforceRate(peer.rates, 'renegotiation', service.limits);
    if (name === 'media:restartIce') enforceRate(peer.rates, 'iceRestart', service.limits);
    const parsed = mediaRequestSchemas[name].safeParse(payload ?? {});
    if (!parsed.success) {
      const details = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || '_', [i.message]]));
      throw new MediaError('VALIDATION_ERROR', `Invalid ${name} payload`, details);
    }
    const handler = handlers[name] as Handler<typeof name>;
    const answer = await handler({ service, peer }, parsed.data as never);
    return { ok: true, ...(answer ?? {}) };
  } catch (err) {
    if (!(err instanceof MediaError) && !(err instanceof TypeError)) service.logError(name, peer, err);
    return errorAck(err);
  }
}
