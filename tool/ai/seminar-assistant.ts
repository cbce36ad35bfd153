import { isValidObjectId } from 'mongoose';
import type { Logger } from 'pino';
import { reserveRtpPorts, waitForUdpListener, type MediaService, type ProducerEvent } from '../../media/index.js';
import type { Room, Rooms } from '../live/index.js';
import { Course, Enrollment, Seminar } from '../store/index.js';
import { AiError } from './ai-client.js';
import type { AiScope, AiService } from './ai-service.js';
import { checkpointOffer } from './checkpoint-offer.js';
import type { CheckpointOfferStore } from './checkpoint-offers.js';
import type { CheckpointHit } from './checkpoint-spotting.js';
import { startSeminarTranscript, type SeminarTranscript } from './seminar-transcript.js';
import { summarizeEndedSeminar } from './session-summary.js';
import type { Transcriber } from './transcriber.js';
import type { CaptionSegment } from './transcript-recorder.js';

/** The media tap listens on loopback: ffmpeg runs on the same host as the mediasoup worker. */
const TAP_IP = '127.0.0.1';

/** Breakout rooms and screen-share audio are not the lecture. */
function isLectureMicrophone(e: ProducerEvent): boolean {
  return e.kind === 'audio' && e.source === 'mic' && e.roomKey === e.seminarId;
}

export interface SeminarAssistantDeps {
  ai: AiService;
  media: Pick<MediaService, 'on' | 'off' | 'tapProducer'>;
  rooms: Pick<Rooms, 'byId' | 'onStart' | 'onEnd'>;
  /** Where offers are kept for staff who reconnect (`GET …/ai/checkpoint-suggestions`). */
  offers: Pick<CheckpointOfferStore, 'add'>;
  logger: Logger;
  /** Length of the audio chunks sent to speech-to-text (config AI_TRANSCRIPT_CHUNK_SECONDS). */
  chunkMs: number;
  /** Transcript window a checkpoint quiz is drafted from (config AI_CHECKPOINT_WINDOW_MINUTES). */
  checkpointWindowMs: number;
  /** Another speech-to-text engine than the course's provider (tests, a local engine). */
  transcriber?: Transcriber;
}

/** The instructor microphone being transcribed in one seminar. */
interface RunningTranscript {
  producerId: string;
  stop(): Promise<void>;
}

interface SeminarInfo {
  scope: AiScope;
  title: string;
  live: boolean;
}

/**
 * The live wiring of the AI assists (issue 11). For a LIVE seminar whose course has AI on, it transcribes the
 * instructor's microphone while it exists (restarting when it is republished), sends each segment to the room
 * as a `caption`, offers staff a `checkpoint_suggestion` when a check-in phrase is heard (kept in the offer store
 * for staff who reconnect), and at session end drafts the summary note in the background and tells staff with
 * `summary_ready`.
 *
 * Work for one seminar is serialised (producer events, start and end can race); offers and summaries run in
 * the background so neither the transcript nor ending the session waits for the model.
 */
export class SeminarAssistant {
  /** The newest instructor microphone of each seminar's main room, whether or not it is transcribed. */
  private readonly microphones = new Map<string, ProducerEvent>();
  private readonly running = new Map<string, RunningTranscript>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly background = new Set<Promise<void>>();
  private readonly onProducerAdded = (e: ProducerEvent) => this.producerAdded(e);
  private readonly onProducerClosed = (e: ProducerEvent) => this.producerClosed(e);
  private closed = false;

  constructor(private readonly deps: SeminarAssistantDeps) {}

  private get logger(): Logger {
    return this.deps.logger;
  }

  attach(): void {
    this.deps.media.on('producerAdded', this.onProducerAdded);
    this.deps.media.on('producerClosed', this.onProducerClosed);
    this.deps.rooms.onStart(async (room) => this.serially(room.seminarId, () => this.ensureTranscript(room.seminarId)));
    this.deps.rooms.onEnd(async (room) => this.sessionEnded(room));
  }

  /** Resolves when every queued step, checkpoint offer and summary started so far has finished. */
  async idle(): Promise<void> {
    while (this.queues.size > 0 || this.background.size > 0) {
      await Promise.allSettled([...this.queues.values(), ...this.background]);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.deps.media.off('producerAdded', this.onProducerAdded);
    this.deps.media.off('producerClosed', this.onProducerClosed);
    await this.idle();
    await Promise.allSettled([...this.running.keys()].map((id) => this.stopTranscript(id)));
  }

  private producerAdded(e: ProducerEvent): void {
    if (!isLectureMicrophone(e)) return;
    this.serially(e.seminarId, async () => {
      if (!(await this.isInstructor(e))) return;
      this.microphones.set(e.seminarId, e);
      await this.ensureTranscript(e.seminarId);
    });
  }

  private producerClosed(e: ProducerEvent): void {
    // Queued even when not (yet) known: the check of its producerAdded step may still be running.
    if (!isLectureMicrophone(e)) return;
    this.serially(e.seminarId, async () => {
      if (this.microphones.get(e.seminarId)?.producerId === e.producerId) this.microphones.delete(e.seminarId);
      if (this.running.get(e.seminarId)?.producerId !== e.producerId) return;
      await this.stopTranscript(e.seminarId);
      // A newer instructor microphone may have appeared while this one was transcribed.
      await this.ensureTranscript(e.seminarId);
    });
  }

  /** Stops the transcript at once; the summary is drafted in the background so ending is not delayed. */
  private sessionEnded(room: Room): void {
    this.serially(room.seminarId, async () => {
      this.microphones.delete(room.seminarId);
      await this.stopTranscript(room.seminarId);
      this.inBackground(this.summarize(room));
    });
  }

  /** A plain-RTP ingest has no socket role, so the course roster decides for it. */
  private async isInstructor(e: ProducerEvent): Promise<boolean> {
    if (e.role) return e.role === 'instructor';
    if (!isValidObjectId(e.userId)) return false;
    const seminar = await Seminar.findById(e.seminarId, { course: 1 }).lean();
    if (!seminar) return false;
    const enrollment = await Enrollment.findOne({ course: seminar.course, user: e.userId, status: 'active' }).lean();
    return enrollment?.role === 'instructor';
  }

  private async seminarInfo(seminarId: string): Promise<SeminarInfo | undefined> {
    const seminar = await Seminar.findById(seminarId, { course: 1, title: 1, status: 1 }).lean();
    const course = seminar ? await Course.findById(seminar.course, { issuer: 1, deploymentId: 1 }).lean() : null;
    if (!seminar || !course) return undefined;
    return {
      scope: { course: String(course._id), platform: course.issuer, deploymentId: course.deploymentId },
      title: seminar.title,
      live: seminar.status === 'LIVE',
    };
  }

  private async ensureTranscript(seminarId: string): Promise<void> {
    const microphone = this.microphones.get(seminarId);
    if (this.closed || !microphone || this.running.has(seminarId)) return;
    const info = await this.seminarInfo(seminarId);
    if (!info?.live) return;
    try {
      // The gate: AI off for the course (no key, switched off) means no audio is ever tapped.
      await this.deps.ai.clientFor(info.scope);
      this.running.set(seminarId, await this.startTranscript(seminarId, microphone, info.scope));
      this.logger.info({ seminar: seminarId, producer: microphone.producerId }, 'live transcript started');
    } catch (err) {
      if (err instanceof AiError)
        this.logger.info({ seminar: seminarId, reason: err.details.reason ?? err.kind }, 'live transcript is off');
      else this.logger.error({ err, seminar: seminarId }, 'live transcript could not start');
    }
  }

  private async startTranscript(seminarId: string, mic: ProducerEvent, scope: AiScope): Promise<RunningTranscript> {
    const port = await reserveRtpPorts();
    const consumer = await this.deps.media.tapProducer(mic.roomKey, mic.producerId, {
      ip: TAP_IP,
      port,
      rtcpPort: port + 1,
    });
    const codec = consumer.rtpParameters.codecs[0]!;
    let transcript: SeminarTranscript | undefined;
    try {
      transcript = await startSeminarTranscript({
        ai: this.deps.ai,
        scope,
        seminar: seminarId,
        tap: { kind: 'rtp', ip: TAP_IP, port, payloadType: codec.payloadType, channels: codec.channels },
        logger: this.logger,
        speaker: mic.userId,
        chunkMs: this.deps.chunkMs,
        transcriber: this.deps.transcriber,
        onSegment: (segment) => this.caption(segment, mic.userId),
        onCheckpoint: (hit) => this.inBackground(this.offerCheckpoint(seminarId, scope, hit)),
      });
      // Packets sent before ffmpeg holds the port would be lost, the first words with them.
      await waitForUdpListener(port);
      await consumer.resume();
    } catch (err) {
      await transcript?.stop();
      consumer.close();
      throw err;
    }
    const started = transcript;
    return {
      producerId: mic.producerId,
      async stop() {
        // ffmpeg flushes what it buffered while the tap still sends, then the tap goes.
        await started.stop();
        consumer.close();
      },
    };
  }

  private async stopTranscript(seminarId: string): Promise<void> {
    const running = this.running.get(seminarId);
    if (!running) return;
    this.running.delete(seminarId);
    await running.stop();
    this.logger.info({ seminar: seminarId, producer: running.producerId }, 'live transcript stopped');
  }

  private caption(segment: CaptionSegment, speaker: string): void {
    this.inBackground(
      this.deps.rooms.byId(segment.seminar).then((room) =>
        room.emit('caption', {
          text: segment.text,
          start_ms: segment.startMs,
          end_ms: segment.endMs,
          speaker,
        }),
      ),
    );
  }

  private async offerCheckpoint(seminarId: string, scope: AiScope, hit: CheckpointHit): Promise<void> {
    const offer = await checkpointOffer(() => this.deps.ai.clientFor(scope), {
      course: scope.course,
      seminar: seminarId,
      hit,
      windowMs: this.deps.checkpointWindowMs,
    });
    if (offer.error)
      this.logger.warn({ seminar: seminarId, reason: offer.error.reason }, 'checkpoint quiz not drafted');
    // Stored before it is sent: a staff client (re)loading in between would otherwise miss it both ways. A store
    // failure costs only the replay, so the live offer still goes out.
    await this.deps.offers
      .add(seminarId, offer)
      .catch((err: unknown) => this.logger.error({ err, seminar: seminarId }, 'checkpoint offer not stored'));
    (await this.deps.rooms.byId(seminarId)).emitStaff('checkpoint_suggestion', offer);
  }

  private async summarize(room: Room): Promise<void> {
    const info = await this.seminarInfo(room.seminarId);
    if (!info) return;
    const result = await summarizeEndedSeminar(() => this.deps.ai.clientFor(info.scope), {
      seminar: room.seminarId,
      course: info.scope.course,
      title: info.title,
    });
    if (result.failure)
      this.logger.warn({ seminar: room.seminarId, reason: result.failure.reason }, 'no summary draft');
    room.emitStaff('summary_ready', {
      session_id: room.seminarId,
      status: result.status,
      reason: result.failure?.reason ?? null,
    });
  }

  /** Runs `step` after every earlier step of the same seminar; a failing step is logged, not propagated. */
  private serially(seminarId: string, step: () => Promise<void>): void {
    const previous = this.queues.get(seminarId) ?? Promise.resolve();
    const current = previous
      .then(step)
      .catch((err: unknown) => this.logger.error({ err, seminar: seminarId }, 'seminar assistant step failed'))
      .finally(() => {
        if (this.queues.get(seminarId) === current) this.queues.delete(seminarId);
      });
    this.queues.set(seminarId, current);
  }

  private inBackground(work: Promise<void>): void {
    const tracked = work
      .catch((err: unknown) => this.logger.error({ err }, 'seminar assistant background work failed'))
      .finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }
}
