import { useMemo } from 'preact/hooks';
import { useApp } from '../../ui/index.js';
import { joinUrl, qrPath } from './qr.js';

/** Staff: the live session's join code and its QR, for students who want the room on a second device. */
export function JoinCodeQr(props: { code: string }) {
  const { t } = useApp();
  const url = joinUrl(window.location.origin, props.code);
  const qr = useMemo(() => qrPath(url), [url]);
  return (
    <figure class="join-code-qr" data-testid="join-code">
      <svg
        role="img"
        aria-label={t('joinCode.qrLabel', { code: props.code })}
        viewBox={`0 0 ${qr.size} ${qr.size}`}
        width="160"
        height="160"
        shape-rendering="crispEdges"
      >
        <rect width={qr.size} height={qr.size} fill="#fff" />
        <path d={qr.d} fill="#000" />
      </svg>
      <figcaption>
        {t('controls.joinCode')} <strong class="join-code">{props.code}</strong>
        <br />
        <span class="muted">{t('joinCode.secondDevice')}</span>
      </figcaption>
    </figure>
  );
}
