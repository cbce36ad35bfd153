import type { PulseType } from '../../api/index.js';
import { understandingRatio } from '../../state/index.js';
import { ErrorText, useAction, useApp, useRoom, useRoomServices } from '../../ui/index.js';

/** Learner: "I understand" / "I'm confused", answerable any time; the last choice stays pressed. */
export function PulseButtons() {
  const { t } = useApp();
  const { socket, store } = useRoomServices();
  const mine = useRoom((s) => s.pulse.mine);
  const { busy, error, run } = useAction();
  const send = async (pulse: PulseType) => {
    const ack = await run(() => socket.emit('pulse', { state: pulse }));
    if (ack) store.dispatch({ type: 'pulse_self', pulse });
  };
  return (
    <div class="toolbar__group pulse" role="group" aria-label={t('pulse.label')}>
      <button
        type="button"
        aria-pressed={mine === 'UNDERSTAND'}
        disabled={busy}
        onClick={() => void send('UNDERSTAND')}
      >
        <span aria-hidden="true">✅</span> {t('pulse.understand')}
      </button>
      <button type="button" aria-pressed={mine === 'CONFUSED'} disabled={busy} onClick={() => void send('CONFUSED')}>
        <span aria-hidden="true">❓</span> {t('pulse.confused')}
      </button>
      <ErrorText inline error={error} />
    </div>
  );
}

/** Staff: understanding gauge (share of "understand" among answers) with the raw counts. */
export function PulseGauge() {
  const { t } = useApp();
  const pulse = useRoom((s) => s.pulse);
  const ratio = understandingRatio(pulse);
  const alert = pulse.alert;
  const percent = ratio === null ? 0 : Math.round(ratio * 100);
  return (
    <section class="card" aria-labelledby="pulse-gauge-title">
      <h3 id="pulse-gauge-title">{t('pulse.gauge')}</h3>
      <div
        class="gauge"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-label={t('pulse.gauge')}
      >
        <div class={`gauge__fill${percent < 50 ? ' gauge__fill--low' : ''}`} style={{ width: `${percent}%` }} />
      </div>
      <p>
        {ratio === null
          ? t('pulse.noAnswers')
          : t('pulse.counts', { percent, understand: pulse.understand, confused: pulse.confused })}
      </p>
      {alert ? (
        <p class="error" role="alert">
          {t('pulse.alert')}
        </p>
      ) : null}
    </section>
  );
}
