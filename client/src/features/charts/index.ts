import { lazyComponent } from '../../ui/index.js';
import type { Bar } from './BarChart.js';

export type { Bar };
/** Charts are their own chunk: learners only fetch it when results are shown. */
export const LazyBarChart = lazyComponent<{ title: string; bars: Bar[] }>(() =>
  import('./BarChart.js').then((m) => m.default),
);
