/**
 * Reads one labelled Prometheus histogram out of a /metrics text and estimates quantiles of what happened
 * between two scrapes, the way PromQL's histogram_quantile does (linear within the bucket).
 */
export type Buckets = Array<{ le: number; count: number }>;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Cumulative bucket counts of `name` whose labels include every pair in `labels`, summed over the rest. */
export function readBuckets(metricsText: string, name: string, labels: Record<string, string>): Buckets {
  const line = new RegExp(`^${escapeRegExp(name)}_bucket\\{([^}]*)\\} (\\S+)$`, 'gm');
  const totals = new Map<number, number>();
  for (const match of metricsText.matchAll(line)) {
    const pairs = Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (!Object.entries(labels).every(([k, v]) => pairs[k] === v)) continue;
    const le = pairs.le === '+Inf' ? Infinity : Number(pairs.le);
    totals.set(le, (totals.get(le) ?? 0) + Number(match[2]));
  }
  return [...totals.entries()].sort((a, b) => a[0] - b[0]).map(([le, count]) => ({ le, count }));
}

/** after − before, bucket by bucket (a bucket missing before counts as 0). */
export function bucketDelta(before: Buckets, after: Buckets): Buckets {
  return after.map(({ le, count }) => ({ le, count: count - (before.find((b) => b.le === le)?.count ?? 0) }));
}

/** The q-quantile (0..1) of cumulative buckets; NaN without samples, the last finite bound if it lies in +Inf. */
export function histogramQuantile(buckets: Buckets, q: number): number {
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return NaN;
  const rank = q * total;
  let previous = { le: 0, count: 0 };
  for (const bucket of buckets) {
    if (bucket.count >= rank) {
      if (bucket.le === Infinity) return previous.le;
      const inBucket = bucket.count - previous.count;
      return inBucket === 0
        ? bucket.le
        : previous.le + ((bucket.le - previous.le) * (rank - previous.count)) / inBucket;
    }
    previous = bucket;
  }
  return previous.le;
}
