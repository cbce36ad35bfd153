import { useEffect, useState } from 'preact/hooks';
import { PARTICIPATION_WEIGHT_KEYS, type ParticipationSettingsResponse } from '../../api/index.js';
import { ErrorText, useAction, useApp } from '../../ui/index.js';
import {
  draftsOf,
  parseSettings,
  TARGET_OF,
  targetLabelKey,
  WEIGHTS_ERROR_KEYS,
  weightLabelKey,
  weightShares,
  type SettingsDrafts,
} from './participation-weights.js';

/** A number input kept as typed text (see SettingsDrafts); its label is only the name, for screen readers. */
function DraftNumberInput(props: {
  label: string;
  name: string;
  value: string;
  disabled: boolean;
  invalid: boolean;
  onValue(value: string): void;
}) {
  return (
    <label>
      {props.label}
      <input
        type="number"
        inputMode="decimal"
        min={0}
        step="any"
        name={props.name}
        value={props.value}
        disabled={props.disabled}
        aria-invalid={props.invalid}
        onInput={(e) => props.onValue((e.currentTarget as HTMLInputElement).value)}
      />
    </label>
  );
}

/**
 * Staff: the seminar's participation score weights and the counts that give full marks. Instructors edit, save
 * or reset them; the analytics report follows at once, the LMS gradebook on the next participation publish
 * (docs/grade-sync.md).
 */
export function ParticipationWeightsCard() {
  const { t, api, claims } = useApp();
  const editable = claims.role === 'instructor';
  const [settings, setSettings] = useState<ParticipationSettingsResponse | null>(null);
  const [drafts, setDrafts] = useState<SettingsDrafts | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useAction(WEIGHTS_ERROR_KEYS);
  const save = useAction(WEIGHTS_ERROR_KEYS);

  const show = (next: ParticipationSettingsResponse) => {
    setSettings(next);
    setDrafts(draftsOf(next));
  };
  useEffect(() => {
    void load.run(() => api.participationSettings()).then((loaded) => loaded && show(loaded));
  }, [api]);

  const parsed = drafts ? parseSettings(drafts) : null;
  const submit = async () => {
    if (!parsed || 'problem' in parsed) return;
    setDone(null);
    const saved = await save.run(() => api.saveParticipationSettings(parsed.settings));
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
  const shares = parsed && 'settings' in parsed ? weightShares(parsed.settings.weights) : null;
  const edit = (next: SettingsDrafts) => {
    setDone(null);
    setDrafts(next);
  };
  const invalid = (key: string, part: 'weight' | 'target') => problem?.field === key && problem.part === part;
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
          {PARTICIPATION_WEIGHT_KEYS.map((key) => {
            const target = TARGET_OF[key];
            return (
              <div key={key} class="participation-weights__row">
                <div class="participation-weights__weight">
                  <DraftNumberInput
                    label={t(weightLabelKey(key))}
                    name={`weight-${key}`}
                    value={drafts.weights[key]}
                    disabled={!editable || save.busy}
                    invalid={invalid(key, 'weight')}
                    onValue={(value) => edit({ ...drafts, weights: { ...drafts.weights, [key]: value } })}
                  />
                  {shares ? (
                    <span class="muted">{t('participationWeights.share', { percent: shares[key] })}</span>
                  ) : null}
                </div>
                {target ? (
                  <DraftNumberInput
                    label={t(targetLabelKey(target))}
                    name={`target-${target}`}
                    value={drafts.targets[target]}
                    disabled={!editable || save.busy}
                    invalid={invalid(key, 'target')}
                    onValue={(value) => edit({ ...drafts, targets: { ...drafts.targets, [target]: value } })}
                  />
                ) : null}
              </div>
            );
          })}
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
