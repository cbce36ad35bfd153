import { Router } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Gauges whose values are read from the owning component when Prometheus scrapes. */
export type GaugeSource = 'sockets' | 'rooms' | 'consumers' | 'queue_depth';

const GAUGE_HELP: Record<GaugeSource, string> = {
  sockets: 'Connected socket.io clients on this process',
  rooms: 'Live rooms hosted by this process',
  consumers: 'mediasoup consumers on this process',
  queue_depth: 'Grade-sync jobs waiting or delayed',
};

export class Metrics {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly liveEventDuration: Histogram<'event' | 'outcome'>;
  private readonly sources = new Map<GaugeSource, () => number | Promise<number>>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'eduforum_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.liveEventDuration = new Histogram({
      name: 'eduforum_live_event_duration_seconds',
      help: 'Socket event handling time on this process, receipt to acknowledgement (broadcasts go out before)',
      labelNames: ['event', 'outcome'],
      // The long tail matters here: an overloaded store shows up as seconds, not as one +Inf bucket.
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [this.registry],
    });
    for (const source of Object.keys(GAUGE_HELP) as GaugeSource[]) {
      const sources = this.sources;
      new Gauge({
        name: `eduforum_${source}`,
        help: GAUGE_HELP[source],
        registers: [this.registry],
        async collect() {
          const read = sources.get(source);
          this.set(read ? await read() : 0);
        },
      });
    }
  }

  observeHttp = (sample: { method: string; route: string; status: number; seconds: number }): void => {
    this.httpDuration.observe(
      { method: sample.method, route: sample.route, status: String(sample.status) },
      sample.seconds,
    );
  };

  observeLiveEvent = (sample: { event: string; outcome: string; seconds: number }): void => {
    this.liveEventDuration.observe({ event: sample.event, outcome: sample.outcome }, sample.seconds);
  };

  setSource(source: GaugeSource, read: () => number | Promise<number>): void {
    this.sources.set(source, read);
  }

  router(): Router {
    const router = Router();
    router.get('/metrics', async (_req, res, next) => {
      try {
        res.type(this.registry.contentType).send(await this.registry.metrics());
      } catch (err) {
        next(err);
      }
    });
    return router;
  }
}
