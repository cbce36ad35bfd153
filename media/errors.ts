/**
 * media/ must not import tool/, so it carries its own error type with the DESIGN.md §2 codes it uses; the
 * signalling layer turns it into the `{ ok: false, error: { code, message } }` ack.
 */
export type MediaErrorCode =
  'VALIDATION_ERROR' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'RATE_LIMITED' | 'SERVICE_UNAVAILABLE' | 'INTERNAL';

export class MediaError extends Error {
  constructor(
    readonly code: MediaErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'MediaError';
  }
}
