import type { Request, Response } from 'express';
import jwt from 'jsonwebtoken';
import type { LtijsProvider, LtijsToken } from 'ltijs';
import { z } from 'zod';
import { CLAIM, type LaunchClaims } from './claims.js';
import { LaunchError, zodFields } from './errors.js';
import { autoPostPage, escapeHtml, page } from './pages.js';
import type { LaunchRecord } from './store.js';

const TICKET_AUDIENCE = 'eduforum-deep-linking-picker';
const TICKET_TTL_SECONDS = 30 * 60;

/** What the picker form carries between the Deep Linking launch and the instructor's choice (signed, 30 min). */
const ticketSchema = z.object({
  iss: z.string(),
  clientId: z.string(),
  deploymentId: z.string(),
  settings: z.object({
    deep_link_return_url: z.string(),
    accept_types: z.array(z.string()).default(['ltiResourceLink']),
    accept_multiple: z.union([z.boolean(), z.string()]).optional(),
    data: z.string().optional(),
  }),
});
type Ticket = z.infer<typeof ticketSchema>;

const on = z.literal('on').optional();
const title = z.string().trim().min(1).max(200);
const points = z.coerce.number().positive().max(10_000);

/** The picker form: any of a live seminar, a quiz set and a participation-graded seminar. */
export const pickerFormSchema = z
  .object({
    ticket: z.string().min(1),
    seminar: on,
    seminar_title: title.default('Live seminar'),
    seminar_start: z.string().optional(),
    seminar_max_participants: z.coerce.number().int().min(2).max(500).default(50),
    seminar_recording: on,
    quiz: on,
    quiz_title: title.default('Seminar quizzes'),
    quiz_points: points.default(100),
    participation: on,
    participation_title: title.default('Seminar participation'),
    participation_points: points.default(100),
  })
  .refine((f) => f.seminar || f.quiz || f.participation, { message: 'Choose at least one item', path: ['seminar'] });
export type PickerForm = z.infer<typeof pickerFormSchema>;

export type ContentItem = {
  type: 'ltiResourceLink';
  title: string;
  url: string;
  custom: Record<string, string>;
  lineItem?: { scoreMaximum: number; label: string; resourceId: string; tag: string };
  available?: { startDateTime: string };
};

/**
 * Content items for the picked activities. Gradable ones carry a `lineItem` so the LMS makes the gradebook
 * column; its `resourceId` is the activity key the ScorePublisher looks the line item up by.
 */
export function contentItems(form: PickerForm, launchUrl: string): ContentItem[] {
  const items: ContentItem[] = [];
  if (form.seminar) {
    const start = form.seminar_start ? new Date(form.seminar_start) : undefined;
    const scheduled = start && !Number.isNaN(start.getTime()) ? start.toISOString() : undefined;
    items.push({
      type: 'ltiResourceLink',
      title: form.seminar_title,
      url: launchUrl,
      custom: {
        eduforum_kind: 'seminar',
        max_participants: String(form.seminar_max_participants),
        recording: form.seminar_recording ? 'true' : 'false',
        ...(scheduled ? { scheduled_at: scheduled } : {}),
      },
      ...(scheduled ? { available: { startDateTime: scheduled } } : {}),
    });
  }
  if (form.quiz) {
    items.push({
      type: 'ltiResourceLink',
      title: form.quiz_title,
      url: launchUrl,
      custom: { eduforum_kind: 'quiz' },
      lineItem: { scoreMaximum: form.quiz_points, label: form.quiz_title, resourceId: 'quiz-set', tag: 'quiz' },
    });
  }
  if (form.participation) {
    items.push({
      type: 'ltiResourceLink',
      title: form.participation_title,
      url: launchUrl,
      custom: { eduforum_kind: 'participation', participation_graded: 'true' },
      lineItem: {
        scoreMaximum: form.participation_points,
        label: form.participation_title,
        resourceId: 'participation',
        tag: 'participation',
      },
    });
  }
  return items;
}

/** Radio buttons (single-item platforms) send `pick=<kind>`; the server reads it as that kind's checkbox. */
function pickerPage(ticket: string, multiple: boolean): string {
  const box = (name: string, checked: boolean) =>
    `<input type="${multiple ? 'checkbox' : 'radio'}" name="${multiple ? name : 'pick'}" value="${multiple ? 'on' : name}"${checked ? ' checked' : ''} data-testid="pick-${name}">`;
  return page(
    'Add EduForum Live',
    `<h1>Add EduForum Live to your course</h1>
<p class="hint">${multiple ? 'Pick one or more items.' : 'This LMS takes one item at a time.'}</p>
<form method="post" action="deep-linking" id="picker">
<input type="hidden" name="ticket" value="${escapeHtml(ticket)}">
<fieldset><legend><label>${box('seminar', true)} Live seminar</label></legend>
<label>Title <input name="seminar_title" value="Live seminar" maxlength="200"></label>
<label>Starts <input type="datetime-local" name="seminar_start"></label>
<label>Max participants <input type="number" name="seminar_max_participants" value="50" min="2" max="500"></label>
<label><input type="checkbox" name="seminar_recording" value="on"> Record</label></fieldset>
<fieldset><legend><label>${box('quiz', false)} Quiz set (graded)</label></legend>
<label>Title <input name="quiz_title" value="Seminar quizzes" maxlength="200"></label>
<label>Points <input type="number" name="quiz_points" value="100" min="1"></label></fieldset>
<fieldset><legend><label>${box('participation', false)} Participation-graded seminar</label></legend>
<label>Title <input name="participation_title" value="Seminar participation" maxlength="200"></label>
<label>Points <input type="number" name="participation_points" value="100" min="1"></label></fieldset>
<p><button type="submit" data-testid="add-items">Add to course</button></p>
</form>`,
  );
}

function acceptsMultiple(settings: Ticket['settings']): boolean {
  return !(settings.accept_multiple === false || settings.accept_multiple === 'false');
}

/** Instructor-only Deep Linking launch: answers with the picker, its context signed into a form ticket. */
export function respondToDeepLinking(res: Response, launch: LaunchRecord, claims: LaunchClaims, secret: string): void {
  if (launch.role !== 'instructor' && launch.role !== 'ta') {
    throw new LaunchError('wrong_message_type', { messageType: 'LtiDeepLinkingRequest', role: launch.role });
  }
  const settings = claims[CLAIM.deepLinkingSettings];
  if (!settings) throw new LaunchError('missing_claims', { [CLAIM.deepLinkingSettings]: 'Required' });
  const ticket: Ticket = ticketSchema.parse({
    iss: launch.issuer,
    clientId: launch.clientId,
    deploymentId: launch.deploymentId,
    settings,
  });
  const signed = jwt.sign(ticket, secret, {
    algorithm: 'HS256',
    audience: TICKET_AUDIENCE,
    expiresIn: TICKET_TTL_SECONDS,
  });
  res.type('html').send(pickerPage(signed, acceptsMultiple(ticket.settings)));
}

/** The picker's POST: signed LtiDeepLinkingResponse auto-posted to the platform's return URL. */
export async function completeDeepLinking(
  lti: LtijsProvider,
  req: Request,
  res: Response,
  secret: string,
  launchUrl: string,
): Promise<void> {
  const body = { ...(req.body as Record<string, unknown>) };
  if (typeof body.pick === 'string') body[body.pick] = 'on';
  const parsed = pickerFormSchema.safeParse(body);
  if (!parsed.success) throw new LaunchError('missing_claims', zodFields(parsed.error));
  let ticket: Ticket;
  try {
    ticket = ticketSchema.parse(jwt.verify(parsed.data.ticket, secret, { audience: TICKET_AUDIENCE }));
  } catch {
    throw new LaunchError('invalid_token', { ticket: 'expired or not ours; start again from the LMS' });
  }
  const items = contentItems(parsed.data, launchUrl);
  const idtoken = {
    iss: ticket.iss,
    clientId: ticket.clientId,
    deploymentId: ticket.deploymentId,
    platformContext: { deepLinkingSettings: ticket.settings },
  } as unknown as LtijsToken;
  const message = await lti.DeepLinking.createDeepLinkingMessage(idtoken, items, {
    message: `EduForum Live: ${items.length} item${items.length === 1 ? '' : 's'} added`,
  });
  res.type('html').send(autoPostPage(ticket.settings.deep_link_return_url, { JWT: message }, res.locals.cspNonce));
}
