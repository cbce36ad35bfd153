import { useEffect, useState } from 'preact/hooks';
import { PARTICIPATION_WEIGHT_KEYS, type ParticipationSettingsResponse } from '../../api/index.js';
import { ErrorText, useAction, useApp } from '../../ui/index.js';
import {
  draftsOf,
  parseWeights,
  WEIGHTS_ERROR_KEYS,
  weightLabelKey,
  weightShares,
  type WeightDrafts,
} from './participation-weights.js';

/**
 * Staff: the seminar's participation score weights. Instructors edit, save or reset them; the analytics
 * report follows at once, the LMS gradebook on the next participation publish (docs/grade-sync.md).
 */
export function ParticipationWeightsCard() {
  const { t, api, claims } = useApp();
  const editable = claims.role === 'instructor';
  const [settings, setSettings] = useState<ParticipationSettingsResponse | null>(null);
  const [drafts, setDrafts] = useState<WeightDrafts | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useAction(WEIGHTS_ERROR_KEYS);
  const save = useAction(WEIGHTS_ERROR_KEYS);

  const show = (next: ParticipationSettingsResponse) => {
    setSettings(next);
    setDrafts(draftsOf(next.weights));
  };
  useEffect(() => {
    void load.run(() => api.participationSettings()).then((loaded) => loaded && show(loaded));
  }, [api]);

  const parsed = drafts ? parseWeights(drafts) : null;
  const submit = async () => {
    if (!settings || !parsed || 'problem' in parsed) return;
    setDone(null);
    const saved = await save.run(() =>
      api.saveParticipationSettings({ weights: parsed.weights, targets: settings.targets }),
    );
    if (saved) {
      show(saved);
      setDone(t('participationWeights.saved'));
    }
  };
  const reset = async () => {
    setDone(null);
    const restored = await save.run(() => api.resetParticipationSettings());
    if (restored) {
      show(restored);
      setDone(t('participationWeights.resetDone'));
    }
  };

  const problem = parsed && 'problem' in parsed ? parsed.problem : null;
  const shares = parsed && 'weights' in parsed ? weightShares(parsed.weights) : null;
  return (
    <section class="card participation-weights" aria-labelledby="participation-weights-title">
      <h3 id="participation-weights-title">{t('participationWeights.title')}</h3>
      <p class="muted">{t('participationWeights.hint')}</p>
      {!drafts && !load.error ? <p class="muted">{t('common.loading')}</p> : null}
      <ErrorText error={load.error} />
      {drafts && settings ? (
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <p class="muted" data-testid="participation-weights-source">
            {settings.is_default ? t('participationWeights.usingDefaults') : t('participationWeights.usingCustom')}
          </p>
          {PARTICIPATION_WEIGHT_KEYS.map((key) => (
            <label key={key}>
              {t(weightLabelKey(key))}
              <input
                type="number"
                inputMode="decimal"
                min={0}
                step="any"
                name={`weight-${key}`}
                value={drafts[key]}
                disabled={!editable || save.busy}
                aria-invalid={problem?.field === key}
                onInput={(e) => {
                  setDone(null);
                  setDrafts({ ...drafts, [key]: (e.currentTarget as HTMLInputElement).value });
                }}
              />
              {shares ? <span class="muted"> {t('participationWeights.share', { percent: shares[key] })}</span> : null}
            </label>
          ))}
          {problem ? (
            <ErrorText
              error={t(problem.key, problem.field ? { component: t(weightLabelKey(problem.field)) } : undefined)}
            />
          ) : null}
          {editable ? (
            <div class="row">
              <button type="submit" class="primary" disabled={save.busy || problem !== null}>
                {save.busy ? t('common.working') : t('participationWeights.save')}
              </button>
              <button type="button" disabled={save.busy || settings.is_default} onClick={() => void reset()}>
                {t('participationWeights.reset')}
              </button>
            </div>
          ) : (
            <p class="muted">{t('participationWeights.instructorOnly')}</p>
          )}
        </form>
      ) : null}
      <p role="status" class="muted">
        {done}
      </p>
      <ErrorText error={save.error} />
    </section>
  );
}
