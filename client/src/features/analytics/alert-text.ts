import type { AlertPayload } from '../../api/index.js';
import type { Translate } from '../../i18n/index.js';

/** An alert as a sentence: `analytics.rule.<rule>` filled with the rule's evidence (streak, drop, …). */
export function alertText(t: Translate, alert: Pick<AlertPayload, 'rule' | 'evidence'>): string {
  const params = Object.fromEntries(
    Object.entries(alert.evidence).filter((e): e is [string, string | number] =>
      ['string', 'number'].includes(typeof e[1]),
    ),
  );
  return t(`analytics.rule.${alert.rule}`, params);
}
