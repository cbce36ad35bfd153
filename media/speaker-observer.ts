import type { types } from 'mediasoup';
import { endSpeaking, updateSpeaking, type SpeakingTrack } from './speaking.js';

export interface SpeakerCallbacks {
  speakStart(userId: string, at: Date): void;
  speakEnd(userId: string, at: Date, durationMs: number): void;
  activeSpeaker(userId: string): void;
}

export interface SpeakerObserverOptions {
  /** dBov above which a microphone counts as speaking. */
  thresholdDb: number;
  intervalMs: number;
  /** Silence shorter than this does not end a turn. */
  hangoverMs: number;
}

export const DEFAULT_SPEAKER_OPTIONS: SpeakerObserverOptions = { thresholdDb: -60, intervalMs: 250, hangoverMs: 1200 };

function userOf(producer: types.Producer): string {
  return (producer.appData as { userId: string }).userId;
}

/**
 * One router's ActiveSpeakerObserver (who has the floor) and AudioLevelObserver (who is talking, for talk
 * time). Only microphone producers are added. Lives as long as its router.
 */
export class SpeakerObserver {
  private readonly tracks = new Map<string, SpeakingTrack>();
  private readonly ticker: NodeJS.Timeout;

  private constructor(
    private readonly active: types.ActiveSpeakerObserver,
    private readonly levels: types.AudioLevelObserver,
    private readonly options: SpeakerObserverOptions,
    private readonly callbacks: SpeakerCallbacks,
  ) {
    active.on('dominantspeaker', ({ producer }: { producer: types.Producer }) =>
      callbacks.activeSpeaker(userOf(producer)),
    );
    levels.on('volumes', (volumes: { producer: types.Producer; volume: number }[]) =>
      this.observe(volumes.map((v) => userOf(v.producer))),
    );
    levels.on('silence', () => this.observe([]));
    // 'silence' fires once, so a ticker ends turns whose hangover runs out while the room stays quiet.
    this.ticker = setInterval(() => this.observe([]), options.intervalMs);
    this.ticker.unref();
  }

  static async create(
    router: types.Router,
    callbacks: SpeakerCallbacks,
    options: SpeakerObserverOptions = DEFAULT_SPEAKER_OPTIONS,
  ): Promise<SpeakerObserver> {
    const active = await router.createActiveSpeakerObserver({ interval: 300 });
    const levels = await router.createAudioLevelObserver({
      maxEntries: 16,
      threshold: options.thresholdDb,
      interval: options.intervalMs,
    });
    return new SpeakerObserver(active, levels, options, callbacks);
  }

  async addMicrophone(producer: types.Producer): Promise<void> {
    await Promise.all([
      this.active.addProducer({ producerId: producer.id }),
      this.levels.addProducer({ producerId: producer.id }),
    ]);
  }

  /** Ends the open turns of users who left or lost their microphone. */
  endFor(userIds: Iterable<string>): void {
    for (const e of endSpeaking(this.tracks, userIds, Date.now()))
      this.callbacks.speakEnd(e.userId, new Date(e.at), e.durationMs);
  }

  close(): void {
    clearInterval(this.ticker);
    this.endFor([...this.tracks.keys()]);
    if (!this.active.closed) this.active.close();
    if (!this.levels.closed) this.levels.close();
  }

  private observe(loud: string[]): void {
    const { started, ended } = updateSpeaking(this.tracks, loud, Date.now(), this.options.hangoverMs);
    for (const s of started) this.callbacks.speakStart(s.userId, new Date(s.at));
    for (const e of ended) this.callbacks.speakEnd(e.userId, new Date(e.at), e.durationMs);
  }
}
