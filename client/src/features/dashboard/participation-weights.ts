import { PARTICIPATION_WEIGHT_KEYS, type ParticipationWeightKey, type ParticipationWeights } from '../../api/index.js';

/** The weight inputs as typed: text, so a half-typed "0." is not forced back to a number while editing. */
export type WeightDrafts = Record<ParticipationWeightKey, string>;

/** Why the typed weights cannot be saved, as an i18n key (and the field it is about, if one). */
export interface WeightsProblem {
  key: string;
  field?: ParticipationWeightKey;
}

/** Codes the server answers that mean something specific for this card. */
export const WEIGHTS_ERROR_KEYS: Partial<Record<string, string>> = {
  VALIDATION_ERROR: 'participationWeights.error.invalid',
  FORBIDDEN: 'participationWeights.error.forbidden',
};

/** The i18n key of a component's label. */
export const weightLabelKey = (key: ParticipationWeightKey) => `participationWeights.weight.${key}`;

export function draftsOf(weights: ParticipationWeights): WeightDrafts {
  return Object.fromEntries(PARTICIPATION_WEIGHT_KEYS.map((k) => [k, String(weights[k])])) as WeightDrafts;
}

/**
 * The typed weights as numbers, or the first reason they would be refused — checked here too so the instructor
 * learns which field is wrong without a round trip (the server's schema stays the authority).
 */
export function parseWeights(drafts: WeightDrafts): { weights: ParticipationWeights } | { problem: WeightsProblem } {
  const weights = {} as ParticipationWeights;
  for (const field of PARTICIPATION_WEIGHT_KEYS) {
    const text = drafts[field].trim();
    const value = Number(text);
    if (text === '' || !Number.isFinite(value))
      return { problem: { key: 'participationWeights.error.notNumber', field } };
    if (value < 0) return { problem: { key: 'participationWeights.error.negative', field } };
    weights[field] = value;
  }
  if (PARTICIPATION_WEIGHT_KEYS.every((k) => weights[k] === 0))
    return { problem: { key: 'participationWeights.error.allZero' } };
  return { weights };
}

/** Each component's share of the total weight in whole percent (weights are relative), for the hint beside it. */
export function weightShares(weights: ParticipationWeights): Record<ParticipationWeightKey, number> {
  const total = PARTICIPATION_WEIGHT_KEYS.reduce((sum, k) => sum + weights[k], 0);
  return Object.fromEntries(
    PARTICIPATION_WEIGHT_KEYS.map((k) => [k, total > 0 ? Math.round((100 * weights[k]) / total) : 0]),
  ) as Record<ParticipationWeightKey, number>;
}
