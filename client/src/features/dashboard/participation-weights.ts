import {
  PARTICIPATION_WEIGHT_KEYS,
  type ParticipationSettings,
  type ParticipationTargets,
  type ParticipationWeightKey,
  type ParticipationWeights,
} from '../../api/index.js';

type TargetKey = keyof ParticipationTargets;

/**
 * The count at which each counted component gives full marks. Polls and quizzes have none: they score the
 * share of those offered that were answered.
 */
export const TARGET_OF: Partial<Record<ParticipationWeightKey, TargetKey>> = {
  talk: 'talkSeconds',
  chat: 'chatMessages',
  hands: 'handRaises',
  pulse: 'pulseResponses',
  questions: 'questionActions',
};

/** The inputs as typed: text, so a half-typed "0." is not forced back to a number while editing. */
export interface SettingsDrafts {
  weights: Record<ParticipationWeightKey, string>;
  targets: Record<TargetKey, string>;
}

/** Why the typed settings cannot be saved, as an i18n key, and the component and input it is about, if one. */
export interface SettingsProblem {
  key: string;
  field?: ParticipationWeightKey;
  part?: 'weight' | 'target';
}

/** Codes the server answers that mean something specific for this card. */
export const WEIGHTS_ERROR_KEYS: Partial<Record<string, string>> = {
  VALIDATION_ERROR: 'participationWeights.error.invalid',
  FORBIDDEN: 'participationWeights.error.forbidden',
};

/** The i18n key of a component's label. */
export const weightLabelKey = (key: ParticipationWeightKey) => `participationWeights.weight.${key}`;
/** The i18n key of a component's full-marks input label. */
export const targetLabelKey = (key: TargetKey) => `participationWeights.target.${key}`;

const TARGETED = PARTICIPATION_WEIGHT_KEYS.flatMap((field) => {
  const target = TARGET_OF[field];
  return target ? [{ field, target }] : [];
});

export function draftsOf(settings: ParticipationSettings): SettingsDrafts {
  return {
    weights: Object.fromEntries(PARTICIPATION_WEIGHT_KEYS.map((k) => [k, String(settings.weights[k])])) as Record<
      ParticipationWeightKey,
      string
    >,
    targets: Object.fromEntries(TARGETED.map(({ target }) => [target, String(settings.targets[target])])) as Record<
      TargetKey,
      string
    >,
  };
}

const numberIn = (text: string): number | null => {
  const value = Number(text.trim());
  return text.trim() === '' || !Number.isFinite(value) ? null : value;
};

/**
 * The typed settings as numbers, or the first reason they would be refused — checked here too so the instructor
 * learns which input is wrong without a round trip (the server's schema stays the authority).
 */
export function parseSettings(
  drafts: SettingsDrafts,
): { settings: ParticipationSettings } | { problem: SettingsProblem } {
  const weights = {} as ParticipationWeights;
  for (const field of PARTICIPATION_WEIGHT_KEYS) {
    const value = numberIn(drafts.weights[field]);
    if (value === null) return { problem: { key: 'participationWeights.error.notNumber', field, part: 'weight' } };
    if (value < 0) return { problem: { key: 'participationWeights.error.negative', field, part: 'weight' } };
    weights[field] = value;
  }
  if (PARTICIPATION_WEIGHT_KEYS.every((k) => weights[k] === 0))
    return { problem: { key: 'participationWeights.error.allZero' } };
  const targets = {} as ParticipationTargets;
  for (const { field, target } of TARGETED) {
    const value = numberIn(drafts.targets[target]);
    if (value === null || value <= 0)
      return { problem: { key: 'participationWeights.error.targetNotPositive', field, part: 'target' } };
    targets[target] = value;
  }
  return { settings: { weights, targets } };
}

/** Each component's share of the total weight in whole percent (weights are relative), for the hint beside it. */
export function weightShares(weights: ParticipationWeights): Record<ParticipationWeightKey, number> {
  const total = PARTICIPATION_WEIGHT_KEYS.reduce((sum, k) => sum + weights[k], 0);
  return Object.fromEntries(
    PARTICIPATION_WEIGHT_KEYS.map((k) => [k, total > 0 ? Math.round((100 * weights[k]) / total) : 0]),
  ) as Record<ParticipationWeightKey, number>;
}
