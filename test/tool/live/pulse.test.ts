import { expect } from 'chai';
import { alertTransition, PULSE_DEFAULTS, pulseGauge } from '../../../tool/live/pulse.js';
import { useToolServer } from '../../support/tool-server.js';
import { PulseSample } from '../../../tool/store/index.js';
import { ack, closeAll, join, next, person, seedSeminar, type Person } from './helpers.js';

describe('pulse gauge (pure)', () => {
  const now = 1_000_000;
  it('counts taps inside the window only', () => {
    const gauge = pulseGauge(
      [
        { state: 'CONFUSED', at: now - 1_000 },
        { state: 'UNDERSTAND', at: now - 2_000 },
        { state: 'CONFUSED', at: now - 200_000 },
      ],
      now,
      120,
    );
    expect(gauge).to.deep.equal({ understand: 1, confused: 1, total: 2, confused_ratio: 0.5, window_seconds: 120 });
  });

  it('raises an alert only on an upward crossing with enough samples, and clears below', () => {
    const gauge = (confused: number, total: number) =>
      pulseGauge(
        Array.from({ length: total }, (_, i) => ({ state: i < confused ? 'CONFUSED' : 'UNDERSTAND', at: now })),
        now,
        60,
      );
    expect(alertTransition(false, gauge(2, 2), PULSE_DEFAULTS)).to.equal(null);
    expect(alertTransition(false, gauge(2, 4), PULSE_DEFAULTS)).to.equal('raise');
    expect(alertTransition(true, gauge(3, 4), PULSE_DEFAULTS)).to.equal(null);
    expect(alertTransition(true, gauge(1, 4), PULSE_DEFAULTS)).to.equal('clear');
  });
});

describe('live room: understanding pulse', function () {
  this.timeout(30_000);
  const tool = useToolServer();
  let teacher: Person;
  let learners: Person[];

  beforeEach(async () => {
    const where = await seedSeminar();
    teacher = await person(tool.url, tool.mint, where, { role: 'instructor' });
    await join(teacher);
    learners = [];
    for (let i = 0; i < 4; i++) {
      const p = await person(tool.url, tool.mint, where);
      await join(p);
      learners.push(p);
    }
  });
  afterEach(() => closeAll(teacher, ...learners));

  it('shows staff the live ratio and alerts once when confusion crosses the configured threshold', async () => {
    const config = await ack(teacher.socket, 'pulse_config', { threshold: 0.5, min_samples: 3 });
    expect(config.config).to.deep.include({ threshold: 0.5, min_samples: 3 });
    await ack(learners[0]!.socket, 'pulse', { state: 'UNDERSTAND' });
    await ack(learners[1]!.socket, 'pulse', { state: 'CONFUSED' });
    const alert = next<{ active: boolean; confused_ratio: number }>(teacher.socket, 'pulse_alert');
    const update = next<{ total: number; confused: number }>(teacher.socket, 'pulse_update', (u) => u.total === 3);
    await ack(learners[2]!.socket, 'pulse', { state: 'CONFUSED' });
    expect(await update).to.deep.include({ total: 3, confused: 2 });
    expect(await alert).to.deep.include({ active: true, confused_ratio: 0.67 });

    const cleared = next<{ active: boolean }>(teacher.socket, 'pulse_alert');
    await ack(learners[1]!.socket, 'pulse', { state: 'UNDERSTAND' });
    await ack(learners[2]!.socket, 'pulse', { state: 'UNDERSTAND' });
    expect((await cleared).active).to.equal(false);
    expect(await PulseSample.countDocuments({ user: learners[1]!.claims.sub })).to.equal(2);
  });

  it('refuses staff-only pulse actions to learners and gives learners only their own state', async () => {
    expect((await ack(learners[0]!.socket, 'pulse_stats')).error?.code).to.equal('FORBIDDEN');
    expect((await ack(learners[0]!.socket, 'pulse_config', { threshold: 0.1 })).error?.code).to.equal('FORBIDDEN');
    expect((await ack(learners[0]!.socket, 'pulse', { state: 'MAYBE' })).error?.code).to.equal('VALIDATION_ERROR');
    await ack(learners[0]!.socket, 'pulse', { state: 'CONFUSED' });
    const { snapshot } = await join(learners[0]!);
    expect(snapshot.my_pulse).to.equal('CONFUSED');
    expect(snapshot).to.not.have.property('pulse');
  });
});
