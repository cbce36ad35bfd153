import type {
  AlertPayload,
  CheckpointSuggestionPayload,
  DraftQuestion,
  QuizPayload,
  QuizQuestionPayload,
} from './events.js';

/** Typed REST client for /api/v1 (DESIGN.md §2): Bearer session token, the error envelope → ApiError. */

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: Record<string, unknown>; request_id?: string };
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Codes the UI has its own words for; anything else is shown as the generic error. */
export const KNOWN_ERROR_CODES = [
  'VALIDATION_ERROR',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'INTERNAL',
  'SERVICE_UNAVAILABLE',
  'NETWORK',
  'TIMEOUT',
] as const;

/** The i18n key that explains an error code (REST envelope or socket ack) to a person. */
export function errorKeyForCode(code: string): string {
  return (KNOWN_ERROR_CODES as readonly string[]).includes(code) ? `errors.${code}` : 'errors.INTERNAL';
}

/** The refresh answer that means the LMS changed or removed this user's role: the page must log out. */
export function isRoleLost(err: unknown): boolean {
  return err instanceof ApiError && err.status === 401 && err.details.reason === 'role_lost';
}

/** The i18n key for anything a request can throw; non-API failures count as network errors. */
export function errorMessageKey(err: unknown): string {
  return errorKeyForCode(err instanceof ApiError ? err.code : 'NETWORK');
}

function isEnvelope(body: unknown): body is ErrorEnvelope {
  const error = (body as ErrorEnvelope | null)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

/** Turns a non-2xx response body into an ApiError, whether or not it carries the envelope. */
export function toApiError(status: number, body: unknown): ApiError {
  if (isEnvelope(body)) {
    const { code, message, details, request_id } = body.error;
    return new ApiError(code, message, status, details ?? {}, request_id);
  }
  const code =
    status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : 'INTERNAL';
  return new ApiError(code, `HTTP ${status}`, status);
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface PollResultsResponse {
  id: string;
  question: string;
  status: string;
  total_responses: number;
  response_rate: number;
  options: Array<{ id: string; text: string; votes: number; percentage: number }>;
}

/** POST /quizzes/{id}/submissions, and the ack of the live `quiz_answer` (same shape). */
export interface QuizSubmissionResponse {
  submission_id: string;
  auto_graded_score: number | null;
  max_score: number;
  percentage?: number;
  status: string;
  feedback: Array<{ question_id: string; correct: boolean | null; points_earned?: number; explanation?: string }>;
}

export interface QuizAnswer {
  question_id: string;
  type: QuizQuestionPayload['type'];
  selected_option_index?: number;
  selected_option_indexes?: number[];
  selected_answer?: boolean;
  answer_text?: string;
}

export interface QuizSummary {
  id: string;
  title: string;
  status: 'draft' | 'published' | string;
  question_count: number;
  published_at: string | null;
}

/** One single-choice question, the quick check an instructor writes during class. */
export interface QuickQuizBody {
  title: string;
  questions: Array<{
    type: 'single_choice';
    question_text: string;
    options: string[];
    correct_option_index: number;
    points: number;
    explanation?: string;
  }>;
}

/** A quiz built from an AI draft the instructor edited. */
export interface DraftQuizBody {
  title: string;
  questions: DraftQuestion[];
}

export type AssistName = 'transcript' | 'checkpoint_quiz' | 'ai_quiz' | 'summary_note' | 'qa_clustering';

/** `GET /courses/{id}/ai/status`: which assist is on, and why not (docs/ai.md). */
export interface AiStatusResponse {
  enabled: boolean;
  reason?: string;
  assists: Record<AssistName, { on: boolean; reason?: string; method?: string }>;
}

export interface SummaryNoteResponse {
  id: string;
  status: 'draft' | 'approved' | 'failed';
  failure_reason: string | null;
  title: string;
  summary: string;
  key_points: string[];
  unanswered_questions: string[];
  self_test: DraftQuestion[];
  approved_at: string | null;
}

export type SummaryNoteEdit = Partial<Pick<SummaryNoteResponse, 'title' | 'summary' | 'key_points'>>;

export interface CreatePollBody {
  question: string;
  type: 'single_choice' | 'multiple_choice';
  options: string[];
  anonymous: boolean;
  duration_seconds: number;
  show_results_after: boolean;
  show_live_results: boolean;
}

export const GRADE_SYNC_STATES = ['queued', 'sending', 'synced', 'failed', 'dead'] as const;
export type GradeSyncState = (typeof GRADE_SYNC_STATES)[number];

/** One student's score for one activity on its way to the LMS gradebook (`GET …/grade-sync`). */
export interface GradeSyncRow {
  key: string;
  user_id: string | null;
  user_name: string | null;
  platform_user_id: string | null;
  activity: string;
  /** The gradebook column's name (quiz title, "… — participation"). */
  label: string;
  score_given: number | null;
  score_maximum: number | null;
  grading_progress: string | null;
  /** failed = the worker retries by itself; dead = it gave up and waits for the instructor's retry. */
  state: GradeSyncState;
  attempts: number;
  last_error: string | null;
  platform_status: number | null;
  synced_at: string | null;
}

/** The components of the participation score, in the order the dashboard lists them. */
export const PARTICIPATION_WEIGHT_KEYS = ['talk', 'chat', 'polls', 'quizzes', 'hands', 'pulse', 'questions'] as const;
export type ParticipationWeightKey = (typeof PARTICIPATION_WEIGHT_KEYS)[number];
export type ParticipationWeights = Record<ParticipationWeightKey, number>;

/** Counts at which a component saturates (server: grading's participation settings). */
export interface ParticipationTargets {
  talkSeconds: number;
  chatMessages: number;
  handRaises: number;
  pulseResponses: number;
  questionActions: number;
}

export interface ParticipationSettings {
  weights: ParticipationWeights;
  targets: ParticipationTargets;
}

/** `GET|PUT|DELETE /sessions/{id}/participation-settings`: what scores use now, and the defaults. */
export interface ParticipationSettingsResponse extends ParticipationSettings {
  session_id: string;
  is_default: boolean;
  defaults: ParticipationSettings;
}

/** One student's row of `GET /sessions/{id}/analytics/participation` (the fields the UI shows). */
export interface AnalyticsParticipant {
  user: { id: string; full_name: string };
  attended: boolean;
  speaking_time_seconds: number;
  chat_messages_count: number;
  polls_responded: number;
  quizzes_responded: number;
  hand_raises: number;
  participation_score: number;
}

export interface SessionAnalytics {
  session_id: string;
  total_participants: number;
  participants: AnalyticsParticipant[];
  timeline: Array<{
    timestamp: string;
    active_participants: number;
    pulse_understand_ratio: number | null;
    student_talk_share: number | null;
  }>;
  talk_time: { instructor_seconds: number; student_seconds: number; student_share: number; student_gini: number };
  engagement_trend: { direction: 'rising' | 'falling' | 'steady'; first_half: number; second_half: number };
  confusion_moments: Array<{ timestamp: string; confused_ratio: number; samples: number }>;
}

export interface CourseOverview {
  course_id: string;
  at_risk_students: Array<{
    user: { id: string; full_name: string };
    attendance_rate: number;
    avg_participation_score: number;
    avg_quiz_score: number | null;
    risk_factors: string[];
  }>;
}

/** `baseUrl` is empty in the browser (same origin); tests pass the tool's URL. */
export function createApi(
  token: string,
  sessionId: string,
  baseUrl = '',
  fetchImpl: Fetch = (i, init) => fetch(i, init),
) {
  async function send(method: string, path: string, body: unknown, accept: string): Promise<Response> {
    try {
      return await fetchImpl(`${baseUrl}/api/v1${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: accept,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
      });
    } catch (err) {
      throw new ApiError('NETWORK', (err as Error).message, 0);
    }
  }

  /** A file the browser cannot fetch by link (the token is a header, never a cookie): the body as a Blob. */
  async function download(path: string): Promise<Blob> {
    const res = await send('GET', path, undefined, 'text/csv, application/json');
    if (!res.ok) throw toApiError(res.status, await res.json().catch(() => undefined));
    return res.blob();
  }

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await send(method, path, body, 'application/json');
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!res.ok) throw toApiError(res.status, parsed);
    return parsed as T;
  }

  const session = `/sessions/${encodeURIComponent(sessionId)}`;
  return {
    request,
    startSession: () => request<{ id: string; status: string }>('POST', `${session}/start`),
    joinSession: () => request<{ id: string; status: string }>('POST', `${session}/join`),
    /** Trades a live session's join code for a token of that session (same user, same course only). */
    joinWithCode: (code: string) =>
      request<{ session_id: string; title: string; status: string; token: string }>('POST', '/sessions/join-code', {
        code,
      }),
    endSession: () => request<{ id: string; status: string }>('POST', `${session}/end`),
    createPoll: (body: CreatePollBody) => request<{ id: string }>('POST', `${session}/polls`, body),
    respondToPoll: (pollId: string, optionIds: string[]) =>
      request<{ poll_id: string }>('POST', `/polls/${encodeURIComponent(pollId)}/responses`, { option_ids: optionIds }),
    pollResults: (pollId: string) =>
      request<PollResultsResponse>('GET', `/polls/${encodeURIComponent(pollId)}/results`),
    submitQuiz: (quizId: string, answers: QuizAnswer[]) =>
      request<QuizSubmissionResponse>('POST', `/quizzes/${encodeURIComponent(quizId)}/submissions`, { answers }),
    publishQuiz: (quizId: string) => request<{ id: string }>('POST', `/quizzes/${encodeURIComponent(quizId)}/publish`),
    listQuizzes: () => request<{ quizzes: QuizSummary[] }>('GET', `${session}/quizzes`),
    getQuiz: (quizId: string) => request<QuizPayload>('GET', `/quizzes/${encodeURIComponent(quizId)}`),
    createQuiz: (body: QuickQuizBody | DraftQuizBody) => request<QuizSummary>('POST', `${session}/quizzes`, body),
    aiStatus: (courseId: string) =>
      request<AiStatusResponse>('GET', `/courses/${encodeURIComponent(courseId)}/ai/status`),
    /** The open live checkpoint offers, newest first (replayed after a reload or reconnect). */
    checkpointSuggestions: () =>
      request<{ suggestions: CheckpointSuggestionPayload[] }>('GET', `${session}/ai/checkpoint-suggestions`),
    dismissCheckpointSuggestion: (suggestionId: string) =>
      request<void>('DELETE', `${session}/ai/checkpoint-suggestions/${encodeURIComponent(suggestionId)}`),
    summaryNote: () => request<SummaryNoteResponse>('GET', `${session}/summary-note`),
    draftSummaryNote: () => request<SummaryNoteResponse>('POST', `${session}/summary-note`, {}),
    editSummaryNote: (edit: SummaryNoteEdit) => request<SummaryNoteResponse>('PATCH', `${session}/summary-note`, edit),
    approveSummaryNote: () => request<SummaryNoteResponse>('POST', `${session}/summary-note/approve`),
    gradeSync: () => request<{ entries: GradeSyncRow[] }>('GET', `${session}/grade-sync`),
    /** Dead-lettered scores (those keys, or all of the session) back to the queue. */
    retryGradeSync: (keys?: string[]) =>
      request<{ retried: number }>('POST', `${session}/grade-sync/retry`, keys ? { keys } : {}),
    publishParticipation: () =>
      request<{ published: number }>('POST', `${session}/grades/publish`, { activity: 'participation' }),
    participationSettings: () => request<ParticipationSettingsResponse>('GET', `${session}/participation-settings`),
    saveParticipationSettings: (settings: ParticipationSettings) =>
      request<ParticipationSettingsResponse>('PUT', `${session}/participation-settings`, settings),
    resetParticipationSettings: () =>
      request<ParticipationSettingsResponse>('DELETE', `${session}/participation-settings`),
    /** `POST /session/refresh`: the same claims with a new expiry; 401 `reason: role_lost` means log out. */
    refreshToken: () => request<{ token: string; expires_at: string }>('POST', '/session/refresh'),
    sessionAnalytics: () => request<SessionAnalytics>('GET', `${session}/analytics/participation`),
    courseOverview: (courseId: string) =>
      request<CourseOverview>('GET', `/courses/${encodeURIComponent(courseId)}/analytics/overview`),
    openAlerts: (courseId: string) =>
      request<{ alerts: AlertPayload[] }>('GET', `/courses/${encodeURIComponent(courseId)}/alerts?status=open`),
    ackAlert: (alertId: string) =>
      request<{ alert: AlertPayload }>('POST', `/alerts/${encodeURIComponent(alertId)}/ack`),
    sessionCsv: () => download(`${session}/analytics/export.csv`),
    courseCsv: (courseId: string) => download(`/courses/${encodeURIComponent(courseId)}/analytics/export.csv`),
  };
}

export type Api = ReturnType<typeof createApi>;
