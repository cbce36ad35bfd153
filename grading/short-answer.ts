import { z } from 'zod';
import type { EmbeddingMethod } from './embedder.js';
import { contentLength, normalizeText } from './text.js';

/**
 * Linear similarity → points: nothing at or below `zeroAt`, full points at or above `fullAt`, rounded to
 * `roundTo` points. The transformers default (0.5 → 0, 0.92 → full, half points) reproduces seed 000's
 * example: similarity 0.85 on a 15-point question earns (0.85 − 0.5) / 0.42 × 15 = 12.5.
 */
export const similarityMappingSchema = z
  .object({
    zeroAt: z.number().min(0).max(1),
    fullAt: z.number().min(0).max(1),
    roundTo: z.number().positive().max(100),
  })
  .refine((m) => m.zeroAt < m.fullAt, { message: 'zeroAt must be below fullAt', path: ['fullAt'] });
export type SimilarityMapping = z.infer<typeof similarityMappingSchema>;

export const shortAnswerOptionsSchema = z.object({
  /** One mapping per method: lexical similarities run lower than embedding similarities for the same answer. */
  mapping: z.object({ transformers: similarityMappingSchema, lexical: similarityMappingSchema }),
  /** Share of keyword coverage in the combined score when the question has keywords. */
  keywordWeight: z.number().min(0).max(1),
  /** Answer length relative to the model answer outside this band lowers confidence. */
  lengthRatio: z.object({ min: z.number().min(0), max: z.number().positive() }),
  /** Below this confidence a grade waits for an instructor. */
  reviewBelow: z.number().min(0).max(1),
});
export type ShortAnswerOptions = z.infer<typeof shortAnswerOptionsSchema>;

export const DEFAULT_SHORT_ANSWER_OPTIONS: ShortAnswerOptions = {
  mapping: {
    transformers: { zeroAt: 0.5, fullAt: 0.92, roundTo: 0.5 },
    lexical: { zeroAt: 0.3, fullAt: 0.75, roundTo: 0.5 },
  },
  keywordWeight: 0.3,
  lengthRatio: { min: 0.2, max: 4 },
  reviewBelow: 0.5,
};

export type ShortAnswerFlag = 'empty' | 'off_topic' | 'too_short' | 'too_long';

export interface ShortAnswerInput {
  answer: string;
  modelAnswer: string;
  /** Each keyword may list alternatives separated by `|` (e.g. `noise|잡음`). */
  keywords: string[];
  /** Similarity of answer and model answer from the embedder, in [0, 1]. */
  similarity: number;
  method: EmbeddingMethod;
  maxPoints: number;
  /** The embedder cannot judge meaning (lexical fallback): every non-empty answer goes to review. */
  forceReview?: boolean;
}

export interface ShortAnswerScore {
  points: number;
  similarity: number;
  /** Share of keywords found, or null when the question has none. */
  keywordCoverage: number | null;
  matchedKeywords: string[];
  confidence: number;
  needsReview: boolean;
  method: EmbeddingMethod;
  flags: ShortAnswerFlag[];
}

const isLengthFlag = (flag: ShortAnswerFlag) => flag === 'too_short' || flag === 'too_long';
const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
const round = (x: number, step: number) => Math.round(x / step) * step;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Position of a similarity between the mapping's anchors: ≤ 0 earns nothing, ≥ 1 earns full points. */
export function mappingPosition(similarity: number, mapping: SimilarityMapping): number {
  return (similarity - mapping.zeroAt) / (mapping.fullAt - mapping.zeroAt);
}

export function pointsForSimilarity(similarity: number, maxPoints: number, mapping: SimilarityMapping): number {
  const points = round(maxPoints * clamp01(mappingPosition(similarity, mapping)), mapping.roundTo);
  return Math.min(maxPoints, points);
}

/** Keywords found in the answer; spacing is ignored so Korean spacing variants and particles still match. */
export function matchKeywords(answer: string, keywords: string[]): string[] {
  const haystack = normalizeText(answer).replace(/ /g, '');
  return keywords.filter((keyword) =>
    keyword
      .split('|')
      .map((alternative) => normalizeText(alternative).replace(/ /g, ''))
      .some((needle) => needle.length > 0 && haystack.includes(needle)),
  );
}

function emptyScore(input: ShortAnswerInput): ShortAnswerScore {
  return {
    points: 0,
    similarity: 0,
    keywordCoverage: input.keywords.length > 0 ? 0 : null,
    matchedKeywords: [],
    confidence: 1,
    needsReview: false,
    method: input.method,
    flags: ['empty'],
  };
}

/**
 * Short-answer grade from a similarity, keyword coverage and a length sanity check. Confidence is high when
 * the combined score is clearly at either end of the mapping and the signals agree, low in the middle band
 * or when they disagree; low-confidence grades go to the review queue.
 */
export function scoreShortAnswer(
  input: ShortAnswerInput,
  options: ShortAnswerOptions = DEFAULT_SHORT_ANSWER_OPTIONS,
): ShortAnswerScore {
  if (contentLength(input.answer) === 0) return emptyScore(input);

  const mapping = options.mapping[input.method];
  const similarity = clamp01(input.similarity);
  const matchedKeywords = matchKeywords(input.answer, input.keywords);
  const keywordCoverage = input.keywords.length > 0 ? matchedKeywords.length / input.keywords.length : null;
  const combined =
    keywordCoverage === null
      ? similarity
      : (1 - options.keywordWeight) * similarity + options.keywordWeight * mapping.fullAt * keywordCoverage;

  const position = mappingPosition(combined, mapping);
  const points = pointsForSimilarity(combined, input.maxPoints, mapping);
  const flags: ShortAnswerFlag[] = [];
  let confidence = clamp01(Math.abs(2 * position - 1));
  if (keywordCoverage !== null) {
    const agreement = 1 - Math.abs(keywordCoverage - clamp01(mappingPosition(similarity, mapping)));
    confidence *= 0.5 + 0.5 * agreement;
  }
  if (points === 0 && (keywordCoverage ?? 0) === 0) {
    flags.push('off_topic');
  } else {
    const ratio = contentLength(input.answer) / Math.max(1, contentLength(input.modelAnswer));
    if (ratio < options.lengthRatio.min) flags.push('too_short');
    if (ratio > options.lengthRatio.max) flags.push('too_long');
    if (flags.length > 0) confidence *= 0.5;
  }
  confidence = round3(confidence);
  return {
    points,
    similarity: round3(similarity),
    keywordCoverage: keywordCoverage === null ? null : round3(keywordCoverage),
    matchedKeywords,
    confidence,
    // A length anomaly (keyword dumping, pasted text) always deserves a human look.
    needsReview: Boolean(input.forceReview) || confidence < options.reviewBelow || flags.some(isLengthFlag),
    method: input.method,
    flags,
  };
}
