import { z } from 'zod';

// C0/C1 controls except tab and newline, plus the bidi overrides/isolates that let text spoof what follows.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/**
 * Chat-style text is stored as plain text: Unicode-normalised, stripped of control and bidi-override
 * characters, CRLF folded, runs of blank lines capped, trimmed. Markup is kept as literal characters — clients
 * render it as text, never as HTML.
 */
export function sanitizeText(input: string): string {
  return input
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(UNSAFE_CHARS, '')
    .replace(/\t/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A zod string that is sanitised, then required to be non-empty and at most `max` characters. */
export function plainText(max: number) {
  return z
    .string()
    .max(max * 2)
    .transform(sanitizeText)
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));
}

export const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be an id');
