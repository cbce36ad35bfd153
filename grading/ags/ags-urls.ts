/**
 * AGS service URLs derived from a line-item URL. A line-item URL may carry a query string (Moodle:
 * `…/lineitem?type_id=1`), so `/scores` and `/results` go into the path, never after the whole string.
 */
function withPathSuffix(lineItemUrl: string, suffix: 'scores' | 'results'): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${suffix}`;
  return url.toString();
}

export function scoresUrl(lineItemUrl: string): string {
  return withPathSuffix(lineItemUrl, 'scores');
}

export function resultsUrl(lineItemUrl: string): string {
  return withPathSuffix(lineItemUrl, 'results');
}

export const AGS_SCOPES = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadOnly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadOnly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
} as const;

export const AGS_MEDIA_TYPES = {
  score: 'application/vnd.ims.lis.v1.score+json',
  lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
  lineItemContainer: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  resultContainer: 'application/vnd.ims.lis.v2.resultcontainer+json',
} as const;
