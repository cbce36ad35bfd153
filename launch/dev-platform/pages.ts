import { Router, type Response } from 'express';
import { CLAIM, MESSAGE_TYPE } from '../claims.js';
import { escapeHtml, page, scriptJson } from '../pages.js';
import { verifyWithJwks } from './keys.js';
import { DEV_CLIENT_ID, DEV_DEPLOYMENT_ID, type DevPlatformState } from './platform.js';

/**
 * The LMS side of LTI Platform Storage: answers `lti.capabilities`, `lti.put_data` and `lti.get_data` from the
 * tool's frame, keeping values per tool origin in this page's memory.
 */
const PLATFORM_STORAGE_SCRIPT = `(function () {
  var cfg = JSON.parse(document.getElementById('dev-lms').textContent);
  var store = {};
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || typeof data.subject !== 'string' || cfg.toolOrigins.indexOf(event.origin) < 0) return;
    var reply = { subject: data.subject + '.response', message_id: data.message_id };
    if (data.subject === 'lti.capabilities') {
      reply.supported_messages = [{ subject: 'lti.put_data' }, { subject: 'lti.get_data' }];
    } else if (data.subject === 'lti.put_data') {
      store[event.origin + ' ' + data.key] = String(data.value);
      reply.key = data.key; reply.value = data.value;
    } else if (data.subject === 'lti.get_data') {
      reply.key = data.key; reply.value = store[event.origin + ' ' + data.key];
    } else {
      reply.error = { code: 'unsupported_subject', message: 'Unsupported subject' };
    }
    event.source.postMessage(reply, event.origin);
  });
  document.querySelectorAll('[data-launch]').forEach(function (button) {
    button.addEventListener('click', function () {
      document.getElementById('course-frame').src = button.getAttribute('data-launch');
    });
  });
})();`;

/** The app-wide CSP lets pages frame only themselves; LMS pages frame the tool, wherever it runs. */
export function allowFramingTool(state: DevPlatformState, res: Response): void {
  const csp = res.getHeader('Content-Security-Policy');
  if (typeof csp === 'string') {
    res.setHeader('Content-Security-Policy', `${csp};frame-src 'self' ${new URL(state.urls().tool).origin}`);
  }
}

/**
 * The frame is navigated by a form post (no `src`), so a bare `allow="camera"` would grant the permission to the
 * LMS page's own origin only: name the tool origin, as Canvas does with `camera *`.
 */
function iframePermissions(toolUrl: string): string {
  const tool = new URL(toolUrl).origin;
  return ['camera', 'microphone', 'display-capture', 'autoplay', 'fullscreen', 'clipboard-write']
    .map((feature) => `${feature} ${tool}`)
    .join('; ');
}

/** `storage=0` makes the course behave like an LMS without LTI Platform Storage (Moodle). */
function homePage(state: DevPlatformState, nonce: string, linkId: string, storage: string): string {
  const { context, users, links } = state.course;
  const link = state.link(linkId) ?? links[0]!;
  const launchUrl = (query: Record<string, string>) =>
    `${state.issuer}/launch?${new URLSearchParams({ ...query, storage: storage === '0' ? '0' : '1' })}`;
  const buttons = users
    .map(
      (u) =>
        `<li><button type="button" data-testid="launch-${escapeHtml(u.id)}" data-launch="${escapeHtml(
          launchUrl({ user: u.id, link: link.id }),
        )}">Launch as ${escapeHtml(u.name)} (${u.kind})</button></li>`,
    )
    .join('');
  const instructor = users.find((u) => u.kind === 'instructor')!;
  const linkOptions = links
    .map(
      (l) =>
        `<li><a href="?link=${encodeURIComponent(l.id)}">${escapeHtml(l.title)}</a>${l.id === link.id ? ' (selected)' : ''}</li>`,
    )
    .join('');
  return page(
    `${context.title} — dev LMS`,
    `<h1>${escapeHtml(context.title)}</h1>
<p class="hint">Built-in dev LMS (issuer <code>${escapeHtml(state.issuer)}</code>, client id <code>${DEV_CLIENT_ID}</code>,
deployment <code>${DEV_DEPLOYMENT_ID}</code>). <a href="${escapeHtml(state.issuer)}/gradebook">Gradebook</a> ·
<a href="${escapeHtml(state.issuer)}/dynamic-registration">Dynamic registration</a></p>
<h2>Activities</h2><ul>${linkOptions}</ul>
<h2>${escapeHtml(link.title)}</h2><ul>${buttons}</ul>
<p><button type="button" data-testid="deep-link" data-launch="${escapeHtml(
      launchUrl({ user: instructor.id, deep: '1' }),
    )}">Add an activity with Deep Linking (as ${escapeHtml(instructor.name)})</button></p>
<iframe id="course-frame" name="course-frame" title="EduForum Live" style="width:100%;height:36rem;border:1px solid #ccd"
 allow="${escapeHtml(iframePermissions(state.urls().tool))}"></iframe>
<script type="application/json" id="dev-lms">${scriptJson({ toolOrigins: [new URL(state.urls().tool).origin] })}</script>`,
    { nonce, code: PLATFORM_STORAGE_SCRIPT },
  ).replace('max-width:40rem', 'max-width:72rem');
}

function gradebookPage(state: DevPlatformState): string {
  const items = [...state.lineItems.values()];
  const students = state.course.users.filter((u) => u.kind === 'student');
  const head = items.map((li) => `<th>${escapeHtml(li.label)}<br><small>/ ${li.scoreMaximum}</small></th>`).join('');
  const rows = students
    .map((s) => {
      const cells = items
        .map((li) => {
          const score = state.scores.get(li.id)?.get(s.id);
          const shown = score ? `${score.scoreGiven ?? '–'} <small>${escapeHtml(score.gradingProgress)}</small>` : '';
          return `<td data-testid="score-${escapeHtml(li.id)}-${escapeHtml(s.id)}">${shown}</td>`;
        })
        .join('');
      return `<tr><th>${escapeHtml(s.name)}</th>${cells}</tr>`;
    })
    .join('');
  return page(
    'Gradebook — dev LMS',
    `<h1>Gradebook</h1><p><a href="${escapeHtml(state.issuer)}/">Back to the course</a></p>
<table border="1" cellpadding="4"><thead><tr><th>Student</th>${head}</tr></thead><tbody>${rows}</tbody></table>`,
  );
}

/** Course page with "launch as …" buttons and the tool iframe, the gradebook, JWKS and the Deep Linking return. */
export function pagesRouter(state: DevPlatformState): Router {
  const router = Router();
  router.get('/', (req, res) => {
    allowFramingTool(state, res);
    res
      .type('html')
      .send(homePage(state, res.locals.cspNonce, String(req.query.link ?? ''), String(req.query.storage ?? '1')));
  });
  router.get('/gradebook', (_req, res) => {
    res.type('html').send(gradebookPage(state));
  });
  router.get('/jwks', (_req, res) => {
    res.json({ keys: [state.key.jwk] });
  });
  router.post('/deep-link-return', (req, res) => {
    const token = typeof req.body?.JWT === 'string' ? req.body.JWT : '';
    verifyWithJwks(token, `${state.urls().tool}/lti/keys`, { issuer: DEV_CLIENT_ID, audience: state.issuer })
      .then((payload) => {
        if (
          payload[CLAIM.messageType] !== MESSAGE_TYPE.deepLinkingResponse ||
          payload[CLAIM.deploymentId] !== DEV_DEPLOYMENT_ID
        ) {
          throw new Error('not a Deep Linking response for this deployment');
        }
        const items = (payload[CLAIM.deepLinkingContentItems] ?? []) as Array<{
          type?: string;
          title?: string;
          custom?: Record<string, string>;
          lineItem?: { scoreMaximum?: number; label?: string; resourceId?: string; tag?: string };
        }>;
        const added = items
          .filter((i) => i.type === 'ltiResourceLink')
          .map((i) => {
            const link = state.addLink(i.title ?? 'Untitled', i.custom);
            // Like an LMS gradebook: a content item's lineItem becomes a column bound to the new link.
            if (i.lineItem && typeof i.lineItem.scoreMaximum === 'number' && i.lineItem.scoreMaximum > 0) {
              state.addLineItem({
                label: i.lineItem.label ?? link.title,
                scoreMaximum: i.lineItem.scoreMaximum,
                resourceLinkId: link.id,
                resourceId: i.lineItem.resourceId,
                tag: i.lineItem.tag,
              });
            }
            return link;
          });
        res
          .type('html')
          .send(
            page(
              'Deep Linking done',
              `<h1>Added ${added.length} activit${added.length === 1 ? 'y' : 'ies'}</h1><ul>${added
                .map(
                  (l) =>
                    `<li data-testid="added-link"><a href="${escapeHtml(state.issuer)}/?link=${encodeURIComponent(l.id)}">${escapeHtml(l.title)}</a></li>`,
                )
                .join('')}</ul>`,
            ),
          );
      })
      .catch((err: Error) => {
        res
          .status(400)
          .type('html')
          .send(page('Deep Linking refused', `<h1>Deep Linking refused</h1><p>${escapeHtml(err.message)}</p>`));
      });
  });
  return router;
}
