import type { Logger } from 'pino';
import type { AiScope, AiService } from './ai-service.js';
import { startAudioChunker, type AudioTapInput } from './audio-chunker.js';
import { openAiTranscriber, type Transcriber } from './transcriber.js';
import { TranscriptRecorder, type TranscriptRecorderOptions } from './transcript-recorder.js';

export const DEFAULT_CHUNK_MS = 15_000;

export interface SeminarTranscriptOptions {
  ai: AiService;
  scope: AiScope;
  seminar: string;
  /** The media tap (a PlainTransport sending the instructor's Opus to ip:port) or a recording. */
  tap: AudioTapInput;
  logger: Logger;
  speaker?: string;
  language?: string;
  chunkMs?: number;
  /** Another speech-to-text engine; defaults to the course's OpenAI-compatible provider. */
  transcriber?: Transcriber;
  onSegment?: TranscriptRecorderOptions['onSegment'];
  onCheckpoint?: TranscriptRecorderOptions['onCheckpoint'];
}

export interface SeminarTranscript {
  /** Stops the tap, transcribes what is buffered and stores it. */
  stop(): Promise<void>;
}

/**
 * The live transcript of one seminar: tap → ffmpeg → chunks → speech-to-text → segments, captions and
 * checkpoint suggestions. Throws an AiError (not_configured / disabled) before touching audio when AI is off.
 */
export async function startSeminarTranscript(options: SeminarTranscriptOptions): Promise<SeminarTranscript> {
  const transcriber =
    options.transcriber ??
    openAiTranscriber(await options.ai.clientFor(options.scope), options.scope.course, options.language);
  const recorder = new TranscriptRecorder({
    seminar: options.seminar,
    course: options.scope.course,
    speaker: options.speaker,
    language: options.language,
    transcriber,
    logger: options.logger,
    spotting: options.ai.checkpointOptions,
    onSegment: options.onSegment,
    onCheckpoint: options.onCheckpoint,
  });
  const chunker = await startAudioChunker({
    input: options.tap,
    chunkMs: options.chunkMs ?? DEFAULT_CHUNK_MS,
    onChunk: (chunk) => recorder.push(chunk),
  });
  chunker.done.catch((err: unknown) => options.logger.error({ err, seminar: options.seminar }, 'audio tap failed'));
  return {
    async stop() {
      await chunker.stop().catch(() => undefined);
      await recorder.flush();
    },
  };
}
