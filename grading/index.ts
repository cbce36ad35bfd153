export {
  createEmbedder,
  LexicalEmbedder,
  TransformersEmbedder,
  type Embedder,
  type EmbedderInfo,
  type EmbeddingMethod,
  type TransformersOptions,
} from './embedder.js';
export { lexicalSimilarity } from './lexical-similarity.js';
export {
  DEFAULT_SHORT_ANSWER_OPTIONS,
  matchKeywords,
  pointsForSimilarity,
  scoreShortAnswer,
  shortAnswerOptionsSchema,
  similarityMappingSchema,
  type ShortAnswerFlag,
  type ShortAnswerInput,
  type ShortAnswerOptions,
  type ShortAnswerScore,
  type SimilarityMapping,
} from './short-answer.js';
export {
  DEFAULT_PARTICIPATION_SETTINGS,
  participationCountsSchema,
  participationScore,
  participationSettingsSchema,
  type ParticipationCounts,
  type ParticipationScore,
  type ParticipationSettings,
} from './participation.js';
export {
  answerSchema,
  correctOptions,
  gradeObjective,
  learnerQuestion,
  questionSchema,
  QUESTION_TYPES,
  selectedOptions,
  type Answer,
  type Question,
  type QuestionType,
} from './quiz.js';
export { gradeShortAnswers, gradeSubmission, SHORT_ANSWER_CORRECT_SHARE, type AnswerGrade } from './grader.js';
export { shortAnswerFeedback } from './feedback.js';
export * from './ags/index.js';
export {
  GRADE_SYNC_STATES,
  missingScopeMessage,
  ScorePublisher,
  syncKey,
  type GradeSyncEntry,
  type GradeSyncPatch,
  type GradeSyncState,
  type GradeSyncStore,
  type ScorePublisherOptions,
  type ScoreRequest,
} from './score-publisher.js';
export { AgsError, findOrCreateLineItem, type LineItemSpec } from './ags/line-items.js';
export { TokenCache, type AccessTokenSource } from './ags/token-cache.js';
