/** One JSON line per measure on stdout (`npm run bench` passes them through); values rounded to 0.01. */
export function report(name: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, ...extra })}\n`);
}

/** Nearest-rank percentile (p in 0–100) of ascending samples; NaN without samples. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** `<name>_p<p>` in ms for each percentile of the samples, with the sample count. */
export function reportLatencies(
  name: string,
  samples: number[],
  percentiles: number[],
  extra: Record<string, unknown> = {},
): void {
  const sorted = [...samples].sort((a, b) => a - b);
  for (const p of percentiles)
    report(`${name}_p${p}`, percentile(sorted, p), 'ms', { samples: sorted.length, ...extra });
}
