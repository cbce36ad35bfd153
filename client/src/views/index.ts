import { lazyComponent } from '../ui/index.js';

export { PreJoin } from './PreJoin.js';
export { StudentView } from './StudentView.js';
export * from './prejoin-checks.js';

/** Instructor-only code (dashboard, launchers, breakout manager) is fetched only for staff. */
export const LazyInstructorView = lazyComponent<object>(() => import('./InstructorView.js').then((m) => m.default));
