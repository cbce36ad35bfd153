export { Course, type CourseDoc } from './course.js';
export { User, type UserDoc } from './user.js';
export { Enrollment, ENROLLMENT_STATUSES, type EnrollmentDoc } from './enrollment.js';
export { Seminar, SEMINAR_STATUSES, type SeminarDoc, type SeminarStatus } from './seminar.js';
export { Attendance, type AttendanceDoc } from './attendance.js';
export {
  ParticipationEventModel,
  ParticipationSummary,
  type ParticipationEventDoc,
  type ParticipationSummaryDoc,
} from './participation.js';
export { Quiz, QUIZ_STATUSES, type QuizDoc, type QuizStatus } from './quiz.js';
export { QuizQuestion, type QuizQuestionDoc } from './quiz-question.js';
export {
  QuizSubmission,
  REVIEW_STATES,
  SUBMISSION_STATUSES,
  type QuizResponseDoc,
  type QuizSubmissionDoc,
  type ReviewState,
} from './quiz-submission.js';
export { QuizReviewAudit, type QuizReviewAuditDoc } from './quiz-review-audit.js';
export { TranscriptSegment, type TranscriptSegmentDoc } from './transcript-segment.js';
export { SummaryNote, SUMMARY_NOTE_STATUSES, type SummaryNoteDoc, type SummaryNoteStatus } from './summary-note.js';
export { Material, MATERIAL_KINDS, type MaterialDoc, type MaterialKind } from './material.js';
export { AiUsage, type AiUsageDoc } from './ai-usage.js';
export { AiCredential, type AiCredentialDoc } from './ai-credential.js';
export { AiCourseSetting, type AiCourseSettingDoc } from './ai-course-setting.js';
export { ChatMessage, MAX_REACTION_KINDS_PER_MESSAGE, type ChatMessageDoc } from './chat-message.js';
export { ChatReaction, type ChatReactionDoc } from './chat-reaction.js';
export { ChatReadState, type ChatReadStateDoc } from './chat-read-state.js';
export { Poll, POLL_TYPES, POLL_STATUSES, MAX_POLL_OPTIONS, type PollDoc } from './poll.js';
export { PollResponse, type PollResponseDoc } from './poll-response.js';
export { Question, type QuestionDoc } from './question.js';
export { QuestionVote, type QuestionVoteDoc } from './question-vote.js';
export { PulseSample, PULSE_STATES, type PulseSampleDoc } from './pulse-sample.js';
export { Breakout, type BreakoutDoc } from './breakout.js';
export { BreakoutMember, type BreakoutMemberDoc } from './breakout-member.js';
export { WhiteboardScene, type WhiteboardSceneDoc } from './whiteboard-scene.js';
export { WhiteboardElement, type WhiteboardElementDoc } from './whiteboard-element.js';
export { LaunchState, type LaunchStateDoc } from './launch-state.js';
export { LtiRegistration, type LtiRegistrationDoc } from './lti-registration.js';
export { GradeSync, type GradeSyncDoc } from './grade-sync.js';
export { Alert, ALERT_RULES, ALERT_STATUSES, type AlertDoc, type AlertStatus } from './alert.js';
