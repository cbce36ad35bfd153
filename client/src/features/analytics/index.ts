import { lazyComponent } from '../../ui/index.js';

export { alertText } from './alert-text.js';
/** Staff-only and heavy (tables, charts): its own chunk, fetched when the Analytics tab is opened. */
export const LazyAnalyticsPage = lazyComponent<object>(() => import('./AnalyticsPage.js').then((m) => m.default));
