/** Reasons the server gives for an assist being off or a draft failing (docs/ai.md), each with its own words. */
const KNOWN_REASONS = [
  'no_api_key',
  'no_encryption_key',
  'course_disabled',
  'provider_failing',
  'no_audio_tap',
  'timeout',
  'malformed_output',
  'no_context',
  'rate_limited',
  'provider_error',
  'rejected',
] as const;

/** The i18n key explaining `reason`; unknown reasons read as a general failure. */
export function reasonKey(reason: string | null | undefined): string {
  return (KNOWN_REASONS as readonly string[]).includes(reason ?? '') ? `ai.reason.${reason}` : 'ai.reason.internal';
}
