import { useEffect, useState } from 'preact/hooks';
import type { CaptionPayload } from '../../api/index.js';
import { useApp, useRoomServices } from '../../ui/index.js';
import { reasonKey } from './assist-reasons.js';
import { useAiStatus } from './use-ai-status.js';

/** Enough for a reader to catch up without the region turning into a transcript. */
const SHOWN_CAPTIONS = 3;

/**
 * Live captions of the instructor (the AI transcript assist), behind a toggle. The region is a polite live
 * log so screen readers announce new lines without interrupting; when the assist is off it says why.
 */
export function LiveCaptions() {
  const { t } = useApp();
  const { socket } = useRoomServices();
  const status = useAiStatus();
  const [open, setOpen] = useState(false);
  const [captions, setCaptions] = useState<CaptionPayload[]>([]);
  useEffect(
    () => socket.listen('caption', (caption) => setCaptions((all) => [...all, caption].slice(-SHOWN_CAPTIONS))),
    [socket],
  );
  const off = status && !status.assists.transcript.on ? status.assists.transcript.reason : null;
  return (
    <div class="captions">
      <button type="button" aria-pressed={open} aria-controls="captions-region" onClick={() => setOpen(!open)}>
        CC {open ? t('captions.hide') : t('captions.show')}
      </button>
      {off ? (
        <span class="muted" data-testid="captions-off">
          {' '}
          {t('ai.off', { assist: t('ai.assist.transcript') })} — {t(reasonKey(off))}
        </span>
      ) : null}
      {open ? (
        <div
          id="captions-region"
          class="captions__region"
          role="log"
          aria-live="polite"
          aria-label={t('captions.title')}
        >
          {captions.length === 0 ? <p class="muted">{t('captions.waiting')}</p> : null}
          {captions.map((c) => (
            <p key={c.start_ms}>{c.text}</p>
          ))}
        </div>
      ) : null}
    </div>
  );
}
