import { expect } from 'chai';
import {
  buildTimeline,
  confusionMoments,
  csvCell,
  engagementTrend,
  gini,
  talkTimeBalance,
  toCsv,
  type TimelineBucket,
} from '../../../tool/analytics/index.js';

const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 8, 1, 9, minute, second));

describe('analytics pure functions', () => {
  describe('gini', () => {
    it('is 0 for nobody, all zero, or perfect equality', () => {
      expect(gini([])).to.equal(0);
      expect(gini([0, 0, 0])).to.equal(0);
      expect(gini([30, 30, 30, 30])).to.equal(0);
    });

    it('is (n−1)/n when one person has everything', () => {
      expect(gini([0, 0, 0, 120])).to.equal(0.75);
      expect(gini([42.5, 0])).to.equal(0.5);
    });

    it('matches the pairwise definition on an uneven split and ignores order and negative noise', () => {
      const values = [10, 20, 30, 40];
      let pairs = 0;
      for (const a of values) for (const b of values) pairs += Math.abs(a - b);
      const expected = Math.round((pairs / (2 * values.length ** 2 * 25)) * 1000) / 1000;
      expect(gini(values)).to.equal(expected).and.to.equal(0.25);
      expect(gini([40, 10, 30, 20])).to.equal(0.25);
      expect(gini([-5, 10])).to.equal(gini([0, 10]));
    });
  });

  describe('talk-time balance', () => {
    it('splits instructor and student seconds and measures inequality among students only', () => {
      expect(talkTimeBalance([300, 60], [30, 30, 0])).to.deep.equal({
        instructor_seconds: 360,
        student_seconds: 60,
        student_share: 0.143,
        student_gini: 0.333,
      });
    });

    it('reports a share of 0 when nobody spoke', () => {
      expect(talkTimeBalance([], [0, 0])).to.deep.equal({
        instructor_seconds: 0,
        student_seconds: 0,
        student_share: 0,
        student_gini: 0,
      });
    });
  });

  describe('timeline', () => {
    const staff = new Set(['prof']);
    const events = [
      { type: 'join' as const, userId: 'a', at: at(0, 5) },
      { type: 'chat' as const, userId: 'a', at: at(0, 10) },
      { type: 'pulse' as const, userId: 'a', at: at(1, 0), value: 1 },
      { type: 'pulse' as const, userId: 'b', at: at(1, 30), value: 0 },
      { type: 'speak' as const, userId: 'prof', at: at(2, 0), value: 30 },
      { type: 'speak' as const, userId: 'a', at: at(2, 59), value: 10 },
      { type: 'chat' as const, userId: 'late', at: at(9) },
    ];

    it('buckets per minute with empty minutes, distinct active people, pulse ratio and student talk share', () => {
      const timeline = buildTimeline(events, { from: at(0, 30), to: at(4), staff });
      expect(timeline.map((b) => b.timestamp)).to.deep.equal([0, 1, 2, 3].map((m) => at(m).toISOString()));
      expect(timeline[0]).to.deep.include({ active_participants: 1, events: { join: 1, chat: 1 } });
      expect(timeline[1]).to.deep.include({ active_participants: 2, pulse_understand_ratio: 0.5 });
      expect(timeline[2]).to.deep.include({ active_participants: 2, student_talk_share: 0.25 });
      expect(timeline[3]).to.deep.include({
        active_participants: 0,
        events: {},
        pulse_understand_ratio: null,
        student_talk_share: null,
      });
    });

    it('honours a wider bucket', () => {
      const timeline = buildTimeline(events, { from: at(0), to: at(10), staff, bucketMs: 5 * 60_000 });
      expect(timeline.map((b) => b.events.chat ?? 0)).to.deep.equal([1, 1]);
    });
  });

  describe('confusion moments', () => {
    const bucket = (minute: number, pulses: number, understand: number): TimelineBucket => ({
      timestamp: at(minute).toISOString(),
      active_participants: pulses,
      events: pulses ? { pulse: pulses } : {},
      pulse_understand_ratio: pulses ? understand / pulses : null,
      student_talk_share: null,
    });

    it('reports each upward crossing once, skipping buckets with too few taps', () => {
      const timeline = [
        bucket(0, 4, 4),
        bucket(1, 4, 2),
        bucket(2, 5, 1),
        bucket(3, 1, 0),
        bucket(4, 4, 4),
        bucket(5, 3, 1),
      ];
      expect(confusionMoments(timeline, { threshold: 0.4, minSamples: 3 })).to.deep.equal([
        { timestamp: at(1).toISOString(), confused_ratio: 0.5, samples: 4 },
        { timestamp: at(5).toISOString(), confused_ratio: 0.67, samples: 3 },
      ]);
    });
  });

  describe('engagement trend', () => {
    const series = (...active: number[]) =>
      active.map((n, i) => ({
        timestamp: at(i).toISOString(),
        active_participants: n,
        events: {},
        pulse_understand_ratio: null,
        student_talk_share: null,
      }));

    it('calls a 20 % change between halves rising or falling, else steady', () => {
      expect(engagementTrend(series(2, 2, 5, 5))).to.deep.equal({ direction: 'rising', first_half: 2, second_half: 5 });
      expect(engagementTrend(series(10, 10, 4, 4)).direction).to.equal('falling');
      expect(engagementTrend(series(10, 10, 9, 11)).direction).to.equal('steady');
      expect(engagementTrend(series(0, 0)).direction).to.equal('steady');
      expect(engagementTrend(series(3)).direction).to.equal('steady');
    });
  });

  describe('CSV', () => {
    it('prefixes formula starters with an apostrophe and quotes separators', () => {
      expect(['=1+1', '+1', '-cmd', '@SUM(A1)', '\tx'].map(csvCell)).to.deep.equal([
        "'=1+1",
        "'+1",
        "'-cmd",
        "'@SUM(A1)",
        "'\tx",
      ]);
      expect(csvCell(-3.5)).to.equal('-3.5');
      expect(csvCell('Kim, "Younghee"')).to.equal('"Kim, ""Younghee"""');
      expect(csvCell(null)).to.equal('');
      expect(toCsv(['a', 'b'], [[1, true]])).to.equal('a,b\r\n1,true\r\n');
    });
  });
});
