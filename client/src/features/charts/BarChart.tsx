export interface Bar {
  label: string;
  value: number;
  /** Shown after the label, e.g. "56%". */
  caption: string;
}

/** Horizontal bar chart in plain SVG-free markup: readable by screen readers as a list. */
export default function BarChart(props: { title: string; bars: Bar[] }) {
  const max = Math.max(1, ...props.bars.map((b) => b.value));
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <ul class="chart__bars">
        {props.bars.map((bar) => (
          <li key={bar.label}>
            <span class="chart__label">{bar.label}</span>
            <span class="chart__track" aria-hidden="true">
              <span class="chart__fill" style={{ width: `${(bar.value / max) * 100}%` }} />
            </span>
            <span class="chart__value">{bar.caption}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
