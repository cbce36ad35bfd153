/** Per-user rate rules: at most `max` events per `windowMs`, shared by all of a user's sockets and processes. */
export interface RateRule {
  max: number;
  windowMs: number;
}

export const RATE_LIMITS = {
  chat: { max: 8, windowMs: 5_000 },
  typing: { max: 10, windowMs: 5_000 },
  reaction: { max: 15, windowMs: 3_000 },
  hand: { max: 6, windowMs: 10_000 },
  vote: { max: 20, windowMs: 10_000 },
  question: { max: 5, windowMs: 30_000 },
  pulse: { max: 10, windowMs: 10_000 },
  whiteboard: { max: 60, windowMs: 1_000 },
  pointer: { max: 30, windowMs: 1_000 },
  action: { max: 30, windowMs: 5_000 },
} satisfies Record<string, RateRule>;

export type RateName = keyof typeof RATE_LIMITS;

/** Sizes that keep payloads and documents bounded. */
export const LIMITS = {
  chatChars: 2_000,
  chatPageDefault: 50,
  chatPageMax: 100,
  displayNameChars: 100,
  pollQuestionChars: 500,
  pollOptionChars: 200,
  pollMaxDurationSeconds: 3_600,
  liveQuizMinSeconds: 5,
  liveQuizMaxSeconds: 3_600,
  questionChars: 500,
  questionsListed: 200,
  breakoutMaxRooms: 50,
  breakoutMaxMinutes: 240,
  broadcastChars: 500,
  whiteboardElementsPerUpdate: 200,
  whiteboardElementBytes: 32_768,
  whiteboardSceneElements: 5_000,
} as const;
