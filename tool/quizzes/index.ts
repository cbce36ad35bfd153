// Quizzes shared by the REST API and the live room: submission with grading, and the JSON shapes.
export {
  LIVE_GRACE_MS,
  MAX_QUESTIONS,
  questionMap,
  quizQuestions,
  requireOpen,
  submissionDeadline,
  submissionReceipt,
  submitQuiz,
  type QuizGrading,
  type QuizQuestionEntry,
  type SubmissionReceipt,
  type SubmittableQuiz,
  type Submitter,
} from './submissions.js';
export {
  feedbackText,
  isStaff,
  percentage,
  quizSummary,
  submissionView,
  toResponse,
  totals,
  type QuizRecord,
  type StoredResponse,
} from './views.js';
