import { expect } from 'chai';
import type { GradeSyncRow } from '../../client/src/api/index.js';
import {
  GRADE_SYNC_ERROR_KEYS,
  orderRows,
  summarize,
  syncProblem,
} from '../../client/src/features/dashboard/grade-sync-rows.js';
import { MESSAGES } from '../../client/src/i18n/index.js';

function row(patch: Partial<GradeSyncRow>): GradeSyncRow {
  return {
    key: 'k',
    user_id: 'u',
    user_name: 'Chloe Lee',
    platform_user_id: 'chloe.lee',
    activity: 'participation',
    label: 'Week 1 — participation',
    score_given: 80,
    score_maximum: 100,
    grading_progress: 'FullyGraded',
    state: 'synced',
    attempts: 1,
    last_error: null,
    platform_status: 204,
    synced_at: null,
    ...patch,
  };
}

describe('grade-sync panel rows', () => {
  it('explains why a score did not arrive, by what the LMS answered', () => {
    expect(syncProblem(row({}))).to.equal(null);
    expect(syncProblem(row({ state: 'dead', platform_status: 403 }))).to.deep.equal({ key: 'gradeSync.problem.scope' });
    expect(
      syncProblem(row({ state: 'failed', platform_status: null, last_error: 'lineitem scope (https://…)' })),
    ).to.deep.equal({ key: 'gradeSync.problem.scope' });
    expect(syncProblem(row({ state: 'dead', platform_status: 404 }))).to.deep.equal({
      key: 'gradeSync.problem.notLearner',
    });
    expect(syncProblem(row({ state: 'dead', platform_status: 400 }))).to.deep.equal({
      key: 'gradeSync.problem.refused',
      values: { status: 400 },
    });
    expect(syncProblem(row({ state: 'failed', platform_status: 503 }))).to.deep.equal({
      key: 'gradeSync.problem.unavailable',
    });
    expect(syncProblem(row({ state: 'dead', platform_status: 503, attempts: 8 }))).to.deep.equal({
      key: 'gradeSync.problem.unavailableGaveUp',
      values: { attempts: 8 },
    });
    expect(syncProblem(row({ state: 'failed', platform_status: null }))).to.deep.equal({
      key: 'gradeSync.problem.unreachable',
    });
  });

  it('puts what needs the instructor first and counts the states', () => {
    const rows = [
      row({ key: 'a', state: 'synced', user_name: 'Ada' }),
      row({ key: 'b', state: 'queued' }),
      row({ key: 'c', state: 'dead' }),
      row({ key: 'd', state: 'failed' }),
    ];
    expect(orderRows(rows).map((r) => r.key)).to.deep.equal(['c', 'd', 'b', 'a']);
    expect(summarize(rows)).to.deep.equal({ synced: 1, settling: 2, dead: 1 });
  });

  it('has every message it can show in English and Korean', () => {
    const states = ['failed', 'dead'] as const;
    const statuses = [null, 400, 403, 404, 429, 503];
    const keys = new Set(Object.values(GRADE_SYNC_ERROR_KEYS));
    for (const state of states)
      for (const status of statuses) keys.add(syncProblem(row({ state, platform_status: status }))!.key);
    for (const key of keys) {
      expect(MESSAGES.en, key).to.have.property(key!);
      expect(MESSAGES.ko, key).to.have.property(key!);
    }
  });
});
