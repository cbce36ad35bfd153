import { expect } from 'chai';
import { planBreakouts, roomCountFor, type BreakoutMode } from '../../../tool/live/breakout-planner.js';

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const people = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `u${i}`, grade: 100 - i * 3 }));
const sizes = (plan: string[][]) => plan.map((r) => r.length);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('breakout planner', () => {
  for (const mode of ['random', 'round_robin', 'mixed_by_grade'] as BreakoutMode[]) {
    it(`${mode}: places everyone exactly once in rooms whose sizes differ by at most one`, () => {
      for (const [n, rooms] of [
        [23, 5],
        [7, 3],
        [4, 4],
        [3, 5],
      ] as const) {
        const plan = planBreakouts({ participants: people(n), roomCount: rooms, mode, random: seeded(n) });
        expect(plan.flat().sort()).to.deep.equal(
          people(n)
            .map((p) => p.id)
            .sort(),
        );
        expect(Math.max(...sizes(plan)) - Math.min(...sizes(plan))).to.be.at.most(1);
        expect(plan.length).to.equal(Math.min(rooms, n));
      }
    });
  }

  it('round_robin deals in the given order', () => {
    const plan = planBreakouts({ participants: people(5), roomCount: 2, mode: 'round_robin' });
    expect(plan).to.deep.equal([
      ['u0', 'u2', 'u4'],
      ['u1', 'u3'],
    ]);
  });

  it('random depends on the random source and is reproducible with the same one', () => {
    const a = planBreakouts({ participants: people(20), roomCount: 4, mode: 'random', random: seeded(1) });
    const b = planBreakouts({ participants: people(20), roomCount: 4, mode: 'random', random: seeded(1) });
    const c = planBreakouts({ participants: people(20), roomCount: 4, mode: 'random', random: seeded(2) });
    expect(a).to.deep.equal(b);
    expect(a).to.not.deep.equal(c);
  });

  it('mixed_by_grade spreads grades: each room gets one of the top tier and room means stay close', () => {
    const participants = people(20);
    const grade = new Map(participants.map((p) => [p.id, p.grade]));
    const plan = planBreakouts({ participants, roomCount: 4, mode: 'mixed_by_grade', random: seeded(3) });
    const top = new Set(participants.slice(0, 4).map((p) => p.id));
    for (const room of plan) expect(room.filter((id) => top.has(id))).to.have.length(1);
    const means = plan.map((room) => mean(room.map((id) => grade.get(id)!)));
    expect(Math.max(...means) - Math.min(...means)).to.be.at.most(6);
  });

  it('puts people without a grade last, still balanced', () => {
    const participants = [...people(6), { id: 'x1' }, { id: 'x2' }];
    const plan = planBreakouts({ participants, roomCount: 4, mode: 'mixed_by_grade', random: seeded(4) });
    expect(sizes(plan)).to.deep.equal([2, 2, 2, 2]);
    const withUngraded = plan.filter((r) => r.some((id) => id.startsWith('x')));
    expect(withUngraded).to.have.length(2);
  });

  it('derives the room count from a target size without exceeding the number of people', () => {
    expect(roomCountFor(23, { roomSize: 4 })).to.equal(6);
    expect(roomCountFor(3, { roomCount: 10 })).to.equal(3);
    expect(roomCountFor(0, { roomCount: 2 })).to.equal(1);
  });
});
