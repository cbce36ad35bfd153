/**
 * Check-in phrase spotting on a live transcript (seed 004 step 3): when the instructor says "이해되셨나요" or
 * "any questions", the tool suggests a checkpoint quiz; it never fires one by itself.
 */

/** Seed 004's Korean phrases with common spoken variants, and their English counterparts. */
export const DEFAULT_CHECKPOINT_PHRASES: readonly string[] = [
  '이해되셨나요',
  '이해되시나요',
  '이해가 되셨나요',
  '이해가 되시나요',
  '질문 있나요',
  '질문 있으신가요',
  '질문 있으세요',
  '여기까지 괜찮으시죠',
  '여기까지 괜찮나요',
  '여기까지 괜찮으신가요',
  '다음으로 넘어갈게요',
  '다음으로 넘어가겠습니다',
  '다음으로 넘어가 볼게요',
  'does that make sense',
  'any questions',
  'is that clear',
  'are you with me',
  'everyone following',
  "let's move on",
  'moving on to the next',
];

export interface SpokenSegment {
  text: string;
  /** Epoch milliseconds. */
  startMs: number;
  endMs: number;
}

export interface CheckpointHit {
  phrase: string;
  /** Index in the input of the segment where the phrase ends. */
  segmentIndex: number;
  atMs: number;
}

export interface SpottingOptions {
  phrases?: readonly string[];
  /** One check-in ("이해되셨나요? 질문 있나요?") yields one suggestion: later hits within this window are dropped. */
  cooldownMs?: number;
  /** Time of the last suggestion already made, so a caller feeding segments incrementally keeps the cooldown. */
  lastHitMs?: number;
}

export const DEFAULT_COOLDOWN_MS = 90_000;

const HANGUL = /\p{Script=Hangul}/u;

/** Korean speech-to-text spaces words inconsistently ("이해 되셨나요", "이해되셨 나요"): compare without any spacing. */
function compactForm(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** English keeps word boundaries so that "how many questions" does not read as "any questions". */
function wordForm(text: string): string {
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter(Boolean);
  return ` ${words.join(' ')} `;
}

interface Matcher {
  phrase: string;
  matches(text: string): boolean;
}

function matcherFor(phrase: string): Matcher {
  if (HANGUL.test(phrase)) {
    const needle = compactForm(phrase);
    return { phrase, matches: (text) => compactForm(text).includes(needle) };
  }
  const needle = wordForm(phrase);
  return { phrase, matches: (text) => wordForm(text).includes(needle) };
}

/** How much of the previous segment is kept so a phrase split across two STT chunks is still found. */
const CARRY_CHARS = 40;

/** Segments must be in time order. Returns at most one hit per check-in (see cooldownMs). */
export function spotCheckpoints(segments: readonly SpokenSegment[], options: SpottingOptions = {}): CheckpointHit[] {
  const matchers = (options.phrases ?? DEFAULT_CHECKPOINT_PHRASES).filter((p) => p.trim()).map(matcherFor);
  const cooldownMs = options.cooldownMs ?? DEFAULT_COOLDOWN_MS;
  let lastHitMs = options.lastHitMs ?? Number.NEGATIVE_INFINITY;
  const hits: CheckpointHit[] = [];
  segments.forEach((segment, index) => {
    const carried = index > 0 ? segments[index - 1]!.text.slice(-CARRY_CHARS) : '';
    const current = matchers.find((m) => m.matches(segment.text));
    // A phrase only found by joining with the previous segment belongs to this segment too.
    const split = current ?? matchers.find((m) => m.matches(`${carried} ${segment.text}`) && !m.matches(carried));
    if (!split || segment.endMs - lastHitMs < cooldownMs) return;
    lastHitMs = segment.endMs;
    hits.push({ phrase: split.phrase, segmentIndex: index, atMs: segment.endMs });
  });
  return hits;
}
