export {
  AiClient,
  AiError,
  classifyError,
  costUsd,
  retryDelayMs,
  type AiClientSettings,
  type AiErrorKind,
  type AiFeature,
  type CallContext,
  type UsageRecord,
} from './ai-client.js';
export { AiService, ASSISTS, type AiScope, type AiStatus, type AssistName, type OffReason } from './ai-service.js';
export {
  opusSdp,
  startAudioChunker,
  wavFromPcm,
  type AudioChunk,
  type AudioChunker,
  type AudioTapInput,
} from './audio-chunker.js';
export {
  DEFAULT_CHECKPOINT_PHRASES,
  DEFAULT_COOLDOWN_MS,
  spotCheckpoints,
  type CheckpointHit,
  type SpokenSegment,
} from './checkpoint-spotting.js';
export { assistFailure, checkpointOffer, type AssistFailure, type CheckpointOffer } from './checkpoint-offer.js';
export { CheckpointOfferStore, KEPT_OPEN_OFFERS, OPEN_OFFERS_TTL_SECONDS } from './checkpoint-offers.js';
export {
  seminarMaterialTexts,
  suggestCheckpointQuiz,
  type CheckpointSuggestionInput,
} from './checkpoint-suggestion.js';
export { recentTranscript, relevantMaterial } from './context-window.js';
export {
  extractMaterialText,
  MaterialError,
  MAX_MATERIAL_TEXT_CHARS,
  slideXmlText,
  sniffMaterialKind,
} from './material-text.js';
export {
  clusterQuestions,
  embeddingSimilarity,
  lexicalTextSimilarity,
  type ClusterableQuestion,
  type QuestionCluster,
  type TextSimilarity,
} from './question-clustering.js';
export { liveQuestionClusterer, type ClusterEmbedder } from './live-question-clusterer.js';
export { checkpointQuizPrompt, DEFAULT_QUIZ_WINDOW_MS, generateCheckpointQuiz } from './quiz-generation.js';
export { generatedQuestionSchema, generatedQuizSchema, type GeneratedQuiz } from './quiz-shape.js';
export { draftSeminarNote, recordNoteFailure, type SeminarNoteInput } from './seminar-note.js';
export { SeminarAssistant, type SeminarAssistantDeps } from './seminar-assistant.js';
export { seminarDiscussion, summarizeEndedSeminar, type SessionSummaryResult } from './session-summary.js';
export {
  DEFAULT_CHUNK_MS,
  startSeminarTranscript,
  type SeminarTranscript,
  type SeminarTranscriptOptions,
} from './seminar-transcript.js';
export { openSecret, sealSecret, SecretBoxError, type SealedSecret } from './secret-box.js';
export { canSeeNote, draftSummary, summaryDraftSchema, summaryPrompt, type SummaryInput } from './summary-note.js';
export { openAiTranscriber, type Transcriber } from './transcriber.js';
export { loadTranscript, TranscriptRecorder, type CaptionSegment } from './transcript-recorder.js';
