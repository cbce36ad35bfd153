import type { AssistName } from '../../api/index.js';
import { useApp } from '../../ui/index.js';
import { reasonKey } from './assist-reasons.js';
import { useAiStatus } from './use-ai-status.js';

const ASSISTS: AssistName[] = ['transcript', 'checkpoint_quiz', 'ai_quiz', 'summary_note', 'qa_clustering'];

/** Staff: which AI assists work in this course right now, and for those that are off, why. */
export function AiAssistPanel() {
  const { t } = useApp();
  const status = useAiStatus();
  return (
    <section class="card" aria-labelledby="ai-assist-title" data-testid="ai-assist-panel">
      <h3 id="ai-assist-title">{t('ai.title')}</h3>
      {status ? null : <p class="muted">{t('ai.loading')}</p>}
      {status && !status.enabled ? (
        <p class="muted" role="status">
          {t('ai.allOff')} — {t(reasonKey(status.reason))}
        </p>
      ) : null}
      <ul class="list">
        {status
          ? ASSISTS.map((name) => {
              const assist = status.assists[name];
              return (
                <li key={name}>
                  <span>{t(`ai.assist.${name}`)}</span>
                  <span class="muted">
                    {assist.on
                      ? assist.method
                        ? t(`ai.method.${assist.method === 'embeddings' ? 'embeddings' : 'lexical'}`)
                        : t('ai.on')
                      : t(reasonKey(assist.reason))}
                  </span>
                </li>
              );
            })
          : null}
      </ul>
    </section>
  );
}
