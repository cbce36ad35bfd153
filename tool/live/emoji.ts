import { z } from 'zod';

const EMOJI_CHARS = /^(?:\p{Extended_Pictographic}|\p{Emoji_Component}|\u200d|\ufe0f)+$/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;

/** One emoji (a short sequence with at least one pictograph), never free text. */
export const emoji = z
  .string()
  .min(1)
  .max(16)
  .refine((s) => EMOJI_CHARS.test(s) && PICTOGRAPH.test(s), 'must be an emoji');
