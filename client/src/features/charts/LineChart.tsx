export interface LineSeries {
  label: string;
  /** One value per x position; null leaves a gap (no data in that bucket). */
  values: Array<number | null>;
}

const WIDTH = 320;
const HEIGHT = 120;
const PAD = 4;

/** Polyline segments of one series, split at gaps, scaled into the chart box. */
function segments(values: Array<number | null>, max: number): string[] {
  const step = values.length > 1 ? (WIDTH - 2 * PAD) / (values.length - 1) : 0;
  const out: string[] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (current.length) out.push(current.join(' '));
      current = [];
      return;
    }
    const x = PAD + i * step;
    const y = HEIGHT - PAD - (Math.min(v, max) / max) * (HEIGHT - 2 * PAD);
    current.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  });
  if (current.length) out.push(current.join(' '));
  return out;
}

/**
 * Time series as hand-written SVG lines. The SVG is an image with a text summary (`description`) for screen
 * readers; the numbers themselves are in the page's tables.
 */
export default function LineChart(props: {
  title: string;
  description: string;
  series: LineSeries[];
  /** The top of the y axis; defaults to the largest value. */
  max?: number;
  startLabel: string;
  endLabel: string;
}) {
  const max = props.max ?? Math.max(1, ...props.series.flatMap((s) => s.values.map((v) => v ?? 0)));
  return (
    <figure class="chart chart--line">
      <figcaption>{props.title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${props.title}: ${props.description}`}>
        <line class="chart__axis" x1={PAD} y1={HEIGHT - PAD} x2={WIDTH - PAD} y2={HEIGHT - PAD} />
        {props.series.map((s, i) =>
          segments(s.values, max).map((points, j) => (
            <polyline key={`${s.label}-${j}`} class={`chart__line chart__line--${i}`} points={points} fill="none" />
          )),
        )}
      </svg>
      <div class="chart__range" aria-hidden="true">
        <span>{props.startLabel}</span>
        <span>{props.endLabel}</span>
      </div>
      {props.series.length > 1 ? (
        <ul class="chart__legend">
          {props.series.map((s, i) => (
            <li key={s.label} class={`chart__legend--${i}`}>
              {s.label}
            </li>
          ))}
        </ul>
      ) : null}
    </figure>
  );
}
