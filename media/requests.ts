import { z } from 'zod';

/**
 * Payloads of every client → server `media:*` request. mediasoup's own parameter objects are checked for
 * their shape here and for their content by mediasoup itself (which throws on nonsense).
 */
const id = z.string().min(1).max(64);
const rtpCapabilities = z.looseObject({
  codecs: z.array(z.looseObject({})).max(64),
  headerExtensions: z.array(z.looseObject({})).max(64).optional(),
});
const dtlsParameters = z.looseObject({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(z.object({ algorithm: z.string().max(32), value: z.string().max(256) }))
    .min(1)
    .max(8),
});
const rtpParameters = z.looseObject({
  codecs: z
    .array(z.looseObject({ mimeType: z.string(), payloadType: z.number().int() }))
    .min(1)
    .max(16),
  encodings: z.array(z.looseObject({})).max(8).optional(),
});

export const MEDIA_SOURCES = ['mic', 'camera', 'screen', 'screen-audio'] as const;
export type MediaSource = (typeof MEDIA_SOURCES)[number];

const empty = z.object({}).strict();

export const mediaRequestSchemas = {
  'media:getRouterRtpCapabilities': empty,
  'media:join': z.object({ rtpCapabilities }),
  'media:leave': empty,
  'media:createTransport': z.object({ direction: z.enum(['send', 'recv']) }),
  'media:connectTransport': z.object({ transportId: id, dtlsParameters }),
  'media:restartIce': z.object({ transportId: id }),
  'media:produce': z.object({
    transportId: id,
    kind: z.enum(['audio', 'video']),
    rtpParameters,
    source: z.enum(MEDIA_SOURCES),
  }),
  'media:closeProducer': z.object({ producerId: id }),
  'media:pauseProducer': z.object({ producerId: id }),
  'media:resumeProducer': z.object({ producerId: id }),
  'media:consume': z.object({ transportId: id, producerId: id }),
  'media:pauseConsumer': z.object({ consumerId: id }),
  'media:resumeConsumer': z.object({ consumerId: id }),
  'media:setPreferredLayers': z.union([
    z.object({ consumerId: id, tileHeight: z.number().min(0).max(8192) }),
    z.object({
      consumerId: id,
      spatialLayer: z.number().int().min(0).max(2),
      temporalLayer: z.number().int().min(0).max(2).optional(),
    }),
  ]),
  'media:requestKeyFrame': z.object({ consumerId: id }),
  'media:setAudioOnly': z.object({ enabled: z.boolean() }),
  'media:muteParticipant': z.object({ userId: id }),
  'media:stopParticipantMedia': z.object({ userId: id, source: z.enum(['camera', 'screen']) }),
  'media:spotlight': z.object({ userId: id.nullable() }),
  'media:startRecording': empty,
  'media:stopRecording': empty,
  'media:listRecordings': empty,
} as const;

export type MediaRequestName = keyof typeof mediaRequestSchemas;
export type MediaRequest<N extends MediaRequestName> = z.infer<(typeof mediaRequestSchemas)[N]>;

/** Requests only instructors and TAs may make; the server refuses them to everyone else with FORBIDDEN. */
export const STAFF_ONLY_REQUESTS: ReadonlySet<MediaRequestName> = new Set([
  'media:muteParticipant',
  'media:stopParticipantMedia',
  'media:spotlight',
  'media:startRecording',
  'media:stopRecording',
  'media:listRecordings',
]);

/** Requests that renegotiate a transport and count against the per-minute renegotiation limit. */
export const RENEGOTIATING_REQUESTS: ReadonlySet<MediaRequestName> = new Set([
  'media:produce',
  'media:closeProducer',
  'media:consume',
]);
