import type { LaunchError } from './errors.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** JSON safe to place inside a <script type="application/json"> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function page(title: string, body: string, script?: { nonce: string; code: string }): string {
  const scriptTag = script ? `<script nonce="${escapeHtml(script.nonce)}">${script.code}</script>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1d2733}
code{background:#eef1f5;padding:0 .25rem;border-radius:3px}.hint{color:#4a5563}</style>
</head><body>${body}${scriptTag}</body></html>`;
}

/** The page people see when a login or launch is refused: what happened, what to do, what to tell an admin. */
export function errorPage(err: LaunchError, requestId: string): string {
  const details = Object.entries(err.details)
    .map(
      ([k, v]) =>
        `<li><code>${escapeHtml(k)}</code>: ${escapeHtml(typeof v === 'string' ? v : JSON.stringify(v))}</li>`,
    )
    .join('');
  return page(
    err.message,
    `<h1>${escapeHtml(err.message)}</h1>
<p>${escapeHtml(err.advice)}</p>
${details ? `<p class="hint">For your LMS administrator:</p><ul>${details}</ul>` : ''}
<p class="hint">Reason <code>${escapeHtml(err.reason)}</code> · request <code>${escapeHtml(requestId)}</code></p>`,
  );
}

/**
 * LTI Platform Storage (postMessage `lti.put_data` / `lti.get_data` to the frame named by `lti_storage_target`).
 * `put`: remember the state in the platform, then go on to the platform's authorization endpoint whatever the
 * answer (the state is kept server-side too). `get`: read it back at launch; a different value means this
 * browser did not start the login (login CSRF), no answer means the platform cannot help and the server-side
 * check stands.
 */
export interface StorageStep {
  op: 'put' | 'get';
  target: string;
  origin: string;
  key: string;
  value: string;
  next: string;
}

const STORAGE_TIMEOUT_MS = 2000;

const STORAGE_SCRIPT = `(function () {
  var cfg = JSON.parse(document.getElementById('lti-storage').textContent);
  var frame = cfg.target === '_parent' ? window.parent : (window.parent.frames[cfg.target] || window.parent);
  var id = 'ef-' + Math.random().toString(36).slice(2);
  var subject = cfg.op === 'put' ? 'lti.put_data' : 'lti.get_data';
  var done = false;
  function go() { window.location.replace(cfg.next); }
  function finish(answered, value) {
    if (done) return;
    done = true;
    window.removeEventListener('message', onMessage);
    if (cfg.op === 'get' && answered && value !== cfg.value) {
      document.getElementById('storage-mismatch').hidden = false;
      return;
    }
    go();
  }
  function onMessage(event) {
    var data = event.data;
    if (event.origin !== cfg.origin || !data || data.message_id !== id || data.subject !== subject + '.response') return;
    finish(!data.error, data.value);
  }
  window.addEventListener('message', onMessage);
  var message = { subject: subject, message_id: id, key: cfg.key };
  if (cfg.op === 'put') message.value = cfg.value;
  try { frame.postMessage(message, cfg.origin); } catch (e) { finish(false); }
  setTimeout(function () { finish(false); }, ${STORAGE_TIMEOUT_MS});
})();`;

export function storagePage(step: StorageStep, nonce: string): string {
  return page(
    'EduForum Live',
    `<p>Opening EduForum Live…</p>
<p id="storage-mismatch" hidden>This launch was not started in this browser. Go back to your course and open the activity again.</p>
<noscript><p><a href="${escapeHtml(step.next)}">Continue</a></p></noscript>
${step.op === 'put' ? `<p class="hint"><a href="${escapeHtml(step.next)}" target="_blank" rel="noopener">Open in a new window</a> if nothing happens.</p>` : ''}
<script type="application/json" id="lti-storage">${scriptJson(step)}</script>`,
    { nonce, code: STORAGE_SCRIPT },
  );
}

/** A form that posts itself (OIDC form_post responses, Deep Linking returns); inline script carries the nonce. */
export function autoPostPage(action: string, fields: Record<string, string>, nonce: string): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return page(
    'Continuing…',
    `<form id="auto-post" method="post" action="${escapeHtml(action)}">${inputs}<noscript><button>Continue</button></noscript></form>`,
    { nonce, code: "document.getElementById('auto-post').submit();" },
  );
}
