import { expect } from 'chai';
import { isAnswered } from '../../client/src/features/quiz/answers.js';
import { groupTracks } from '../../client/src/features/video-grid/media-adapter.js';
import { gridColumns } from '../../client/src/features/video-grid/media-port.js';
import { exportFileName } from '../../client/src/features/whiteboard/export-name.js';
import { changedSince, remember } from '../../client/src/features/whiteboard/sync.js';
import { decodeClaims, deviceInfo, isExpired, readSessionToken, refreshDelayMs } from '../../client/src/session.js';
import { moveMember, planBreakoutRooms } from '../../client/src/state/index.js';
import { mediaConstraints, mediaErrorKey, networkQuality } from '../../client/src/views/prejoin-checks.js';

function fakeJwt(payload: object): string {
  const b64 = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `header.${b64}.signature`;
}

describe('client helpers', () => {
  it('reads the token from the fragment and decodes UTF-8 claims', () => {
    const token = fakeJwt({ sub: 'u1', name: '김영희', role: 'learner', locale: 'ko-KR', exp: 10 });
    const location = { hash: `#token=${token}`, search: '' } as Location;
    expect(readSessionToken(location)).to.equal(token);
    expect(decodeClaims(token)).to.include({ name: '김영희', locale: 'ko-KR' });
    expect(decodeClaims('garbage')).to.equal(undefined);
    expect(isExpired(decodeClaims(token)!, 10_000)).to.equal(true);
    expect(isExpired(decodeClaims(token)!, 9_999)).to.equal(false);
  });

  it('refreshes the token five minutes before it expires, halfway for short tokens, never in a busy loop', () => {
    const now = 1_000_000;
    const expiringIn = (ms: number) => decodeClaims(fakeJwt({ exp: (now + ms) / 1000 }))!;
    expect(refreshDelayMs(expiringIn(2 * 3600_000), now)).to.equal(2 * 3600_000 - 5 * 60_000);
    expect(refreshDelayMs(expiringIn(4 * 60_000), now)).to.equal(2 * 60_000);
    expect(refreshDelayMs(expiringIn(1000), now)).to.equal(5000);
  });

  it('describes the device coarsely for join_session', () => {
    const chromeLinux =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
    expect(deviceInfo(chromeLinux)).to.deep.equal({ browser: 'Chrome 156', os: 'Linux' });
    const safariIos =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
    expect(deviceInfo(safariIos)).to.deep.equal({ browser: 'Safari 17', os: 'iOS' });
    expect(deviceInfo('curl/8')).to.deep.equal({ browser: 'Other', os: 'Other' });
  });

  it('groups remote tracks into one camera (with mic) and one screen group per user', () => {
    const track = (id: string) => ({ id }) as MediaStreamTrack;
    const groups = groupTracks([
      { consumerId: 'c1', userId: 'a', source: 'camera', track: track('v-a') },
      { consumerId: 'c2', userId: 'a', source: 'mic', track: track('m-a') },
      { consumerId: 'c3', userId: 'a', source: 'screen', track: track('s-a') },
      { consumerId: 'c4', userId: 'b', source: 'mic', track: track('m-b') },
    ]);
    expect(groups.map((g) => [g.key, g.tracks.map((t) => t.id)])).to.deep.equal([
      ['a:camera', ['v-a', 'm-a']],
      ['a:screen', ['s-a']],
      ['b:camera', ['m-b']],
    ]);
    expect(gridColumns(1, 1200)).to.equal(1);
    expect(gridColumns(5, 1200)).to.equal(3);
    expect(gridColumns(9, 330)).to.equal(2);
  });

  it('sends only whiteboard elements whose version changed, and not remote ones back', () => {
    const first = changedSince(
      [
        { id: 'a', version: 1 },
        { id: 'b', version: 1 },
      ],
      new Map(),
    );
    expect(first.changed.map((e) => e.id)).to.deep.equal(['a', 'b']);
    const seen = remember(first.seen, [{ id: 'c', version: 4 }]);
    const second = changedSince(
      [
        { id: 'a', version: 2 },
        { id: 'b', version: 1 },
        { id: 'c', version: 4 },
      ],
      seen,
    );
    expect(second.changed.map((e) => e.id)).to.deep.equal(['a']);
  });

  it('deals learners round-robin into breakout rooms and moves one on request', () => {
    const plan = planBreakoutRooms(['a', 'b', 'c', 'd', 'e'], 2);
    expect(plan.map((r) => r.memberIds)).to.deep.equal([
      ['a', 'c', 'e'],
      ['b', 'd'],
    ]);
    expect(planBreakoutRooms(['a'], 4)).to.have.length(1);
    const moved = moveMember(plan, 'a', 1);
    expect(moved.map((r) => r.memberIds)).to.deep.equal([
      ['c', 'e'],
      ['b', 'd', 'a'],
    ]);
    expect(moveMember(plan, 'zz', 1)).to.equal(plan);
    expect(moveMember(plan, 'a', 7)).to.equal(plan);
  });

  it('explains media errors and rates the network from round trips', () => {
    expect(mediaErrorKey({ name: 'NotAllowedError' })).to.equal('prejoin.error.denied');
    expect(mediaErrorKey({ name: 'NotFoundError' })).to.equal('prejoin.error.noDevice');
    expect(mediaErrorKey({ name: 'NotReadableError' })).to.equal('prejoin.error.inUse');
    expect(mediaErrorKey(new Error('x'))).to.equal('prejoin.error.unknown');
    expect(networkQuality([40, 60, 2000])).to.equal('good');
    expect(networkQuality([300, 200, 250])).to.equal('fair');
    expect(networkQuality([900, 800])).to.equal('poor');
    expect(networkQuality([])).to.equal('offline');
    expect(mediaConstraints(false, 'mic-1')).to.deep.equal({
      video: false,
      audio: { echoCancellation: true, noiseSuppression: true, deviceId: { exact: 'mic-1' } },
    });
  });

  it('counts a quiz question as answered only with a choice, a boolean or non-blank text', () => {
    expect(isAnswered(undefined)).to.equal(false);
    expect(isAnswered({ question_id: 'a', type: 'short_answer', answer_text: '   ' })).to.equal(false);
    expect(isAnswered({ question_id: 'a', type: 'short_answer', answer_text: 'because' })).to.equal(true);
    expect(isAnswered({ question_id: 'a', type: 'single_choice', selected_option_index: 0 })).to.equal(true);
    expect(isAnswered({ question_id: 'a', type: 'multiple_choice', selected_option_indexes: [] })).to.equal(false);
    expect(isAnswered({ question_id: 'a', type: 'true_false', selected_answer: false })).to.equal(true);
  });

  it('names whiteboard exports by local date and time, sortable and safe for any file system', () => {
    const at = new Date(2026, 10, 3, 9, 5);
    expect(exportFileName(at, 'png')).to.equal('whiteboard-2026-11-03-0905.png');
    expect(exportFileName(at, 'svg')).to.equal('whiteboard-2026-11-03-0905.svg');
  });
});
