import type { AiClient } from './ai-client.js';
import type { AudioChunk } from './audio-chunker.js';

/**
 * Speech-to-text of one audio chunk. The default speaks OpenAI's `audio/transcriptions`; a local engine
 * (e.g. pocketsphinx for English check-in phrases, see OFFLINE.md) can implement the same interface.
 */
export interface Transcriber {
  readonly name: string;
  transcribe(chunk: AudioChunk): Promise<string>;
}

export function openAiTranscriber(client: AiClient, course: string, language?: string): Transcriber {
  return {
    name: `openai:${client.settings.transcribeModel}`,
    transcribe: (chunk) =>
      client.transcribe({ course, feature: 'transcript' }, chunk.wav, {
        filename: `chunk-${chunk.startMs}.wav`,
        durationSeconds: (chunk.endMs - chunk.startMs) / 1000,
        language,
      }),
  };
}
