import { expect } from 'chai';
import { endSpeaking, updateSpeaking, type SpeakingTrack } from '../../media/speaking.js';

describe('talk-time bookkeeping', () => {
  it('starts a turn when a user gets loud and ends it after the hangover, dated at the last loud moment', () => {
    const tracks = new Map<string, SpeakingTrack>();
    expect(updateSpeaking(tracks, ['a'], 1000, 500).started).to.deep.equal([{ userId: 'a', at: 1000 }]);
    expect(updateSpeaking(tracks, ['a'], 1300, 500)).to.deep.equal({ started: [], ended: [] });
    expect(updateSpeaking(tracks, [], 1700, 500).ended).to.deep.equal([]);
    expect(updateSpeaking(tracks, [], 1800, 500).ended).to.deep.equal([{ userId: 'a', at: 1300, durationMs: 300 }]);
    expect(tracks.size).to.equal(0);
  });

  it('does not end a turn for pauses shorter than the hangover', () => {
    const tracks = new Map<string, SpeakingTrack>();
    updateSpeaking(tracks, ['a'], 0, 500);
    updateSpeaking(tracks, [], 400, 500);
    const again = updateSpeaking(tracks, ['a'], 450, 500);
    expect(again).to.deep.equal({ started: [], ended: [] });
  });

  it('ends open turns of users who leave', () => {
    const tracks = new Map<string, SpeakingTrack>();
    updateSpeaking(tracks, ['a', 'b'], 0, 500);
    expect(endSpeaking(tracks, ['a', 'c'], 200)).to.deep.equal([{ userId: 'a', at: 200, durationMs: 200 }]);
    expect([...tracks.keys()]).to.deep.equal(['b']);
  });
});
