import type { Logger } from 'pino';
import { TranscriptSegment } from '../store/index.js';
import type { AudioChunk } from './audio-chunker.js';
import { spotCheckpoints, type CheckpointHit, type SpokenSegment } from './checkpoint-spotting.js';
import type { Transcriber } from './transcriber.js';

export interface CaptionSegment extends SpokenSegment {
  seminar: string;
}

export interface TranscriptRecorderOptions {
  seminar: string;
  course: string;
  speaker?: string;
  transcriber: Transcriber;
  logger: Logger;
  language?: string;
  spotting: { phrases?: readonly string[]; cooldownMs: number };
  /** Live captions: the live room forwards these to the seminar's sockets. */
  onSegment?(segment: CaptionSegment): void;
  /** A check-in phrase was heard: the live room offers the instructor a checkpoint quiz. */
  onCheckpoint?(hit: CheckpointHit & { seminar: string }): void;
}

/**
 * One seminar's live transcript: audio chunks in order → speech-to-text → TranscriptSegments → captions and
 * checkpoint suggestions. Chunks are transcribed one at a time so segments stay in time order; a failed chunk
 * is logged and skipped (captions pause, the seminar goes on).
 */
export class TranscriptRecorder {
  private queue: Promise<void> = Promise.resolve();
  private previous: SpokenSegment | undefined;
  private lastHitMs: number | undefined;

  constructor(private readonly options: TranscriptRecorderOptions) {}

  push(chunk: AudioChunk): void {
    this.queue = this.queue.then(() => this.handle(chunk));
  }

  /** Resolves when every pushed chunk is stored. */
  flush(): Promise<void> {
    return this.queue;
  }

  private async handle(chunk: AudioChunk): Promise<void> {
    const o = this.options;
    let text: string;
    try {
      text = (await o.transcriber.transcribe(chunk)).trim();
    } catch (err) {
      o.logger.warn({ err, seminar: o.seminar, transcriber: o.transcriber.name }, 'transcription of a chunk failed');
      return;
    }
    if (!text) return;
    const segment: SpokenSegment = { text, startMs: chunk.startMs, endMs: chunk.endMs };
    await TranscriptSegment.create({
      seminar: o.seminar,
      course: o.course,
      speaker: o.speaker,
      startAt: new Date(chunk.startMs),
      endAt: new Date(chunk.endMs),
      text,
      language: o.language,
      source: 'live',
    });
    o.onSegment?.({ seminar: o.seminar, ...segment });
    const window = this.previous ? [this.previous, segment] : [segment];
    const hits = spotCheckpoints(window, { ...o.spotting, lastHitMs: this.lastHitMs }).filter(
      (hit) => window[hit.segmentIndex] === segment,
    );
    this.previous = segment;
    for (const hit of hits) {
      this.lastHitMs = hit.atMs;
      o.onCheckpoint?.({ ...hit, segmentIndex: 0, seminar: o.seminar });
    }
  }
}

/** A seminar's stored transcript as spoken segments, in time order (optionally only since `sinceMs`). */
export async function loadTranscript(seminar: string, sinceMs = 0): Promise<SpokenSegment[]> {
  const rows = await TranscriptSegment.find({ seminar, endAt: { $gt: new Date(sinceMs) } })
    .sort({ startAt: 1 })
    .lean();
  return rows.map((r) => ({
    text: r.text,
    startMs: new Date(r.startAt).getTime(),
    endMs: new Date(r.endAt).getTime(),
  }));
}
