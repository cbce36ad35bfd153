export { AGS_MEDIA_TYPES, AGS_SCOPES, resultsUrl, scoresUrl } from './ags-urls.js';
export { ACTIVITY_PROGRESS, GRADING_PROGRESS, agsScoreSchema, scoreJobId, type AgsScore } from './score.js';
export { classifyFailure, retryAfterMs, retryDelayMs, type FailureAction } from './retry-policy.js';
