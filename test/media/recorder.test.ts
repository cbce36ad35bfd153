import { expect } from 'chai';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  isExpired,
  listRecordings,
  muxArguments,
  pruneAllRecordings,
  recordingFile,
  sdpFor,
  type RecordingManifest,
  type RecordingTrack,
} from '../../media/recorder.js';

const track = (source: RecordingTrack['source'], kind: 'audio' | 'video', offsetMs: number): RecordingTrack => ({
  producerId: `${source}-p`,
  userId: 'u',
  source,
  kind,
  file: `${source}.webm`,
  offsetMs,
});

describe('recording helpers', () => {
  it('describes an Opus consumer in SDP for ffmpeg', () => {
    const sdp = sdpFor(
      {
        codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
        encodings: [{ ssrc: 1 }],
      },
      'audio',
      5004,
    );
    expect(sdp).to.include('m=audio 5004 RTP/AVP 100').and.include('a=rtpmap:100 opus/48000/2');
  });

  it('prefers the screen share over the camera and mixes every audio track with its offset', () => {
    const args = muxArguments(
      [
        track('camera', 'video', 0),
        track('screen', 'video', 2000),
        track('mic', 'audio', 0),
        track('screen-audio', 'audio', 2000),
      ],
      '/r',
      'out.webm',
    )!;
    expect(args.join(' ')).to.include('-itsoffset 2.000 -i /r/screen.webm').and.not.include('camera.webm');
    expect(args.join(' ')).to.include('[1:a][2:a]amix=inputs=2');
    expect(args.at(-1)).to.equal('/r/out.webm');
  });

  it('has nothing to mux without tracks', () => {
    expect(muxArguments([], '/r', 'out.webm')).to.equal(undefined);
  });

  it('expires finished recordings past the retention period only', () => {
    const m = { stoppedAt: '2026-01-01T00:00:00.000Z' } as RecordingManifest;
    expect(isExpired(m, 30, Date.parse('2026-01-30T00:00:00Z'))).to.equal(false);
    expect(isExpired(m, 30, Date.parse('2026-02-01T00:00:00Z'))).to.equal(true);
    expect(isExpired({ ...m, stoppedAt: null }, 0, Date.now())).to.equal(false);
  });

  it('deletes only recordings past retention from disk and lists the rest newest first', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'eduforum-retention-'));
    const write = async (seminarId: string, recordingId: string, stoppedAt: string) => {
      await mkdir(path.join(dir, seminarId, recordingId), { recursive: true });
      const manifest = { recordingId, seminarId, startedAt: stoppedAt, stoppedAt, tracks: [], output: null };
      await writeFile(path.join(dir, seminarId, recordingId, 'manifest.json'), JSON.stringify(manifest));
    };
    await write('s1', 'old', '2026-01-01T00:00:00.000Z');
    await write('s1', 'new', '2026-03-01T00:00:00.000Z');
    await write('s2', 'older', '2025-12-01T00:00:00.000Z');
    expect(await pruneAllRecordings(dir, 30, Date.parse('2026-03-02T00:00:00Z'))).to.equal(2);
    expect((await listRecordings(dir, 's1')).map((m) => m.recordingId)).to.deep.equal(['new']);
    expect(await listRecordings(dir, 's2')).to.deep.equal([]);
    await rm(dir, { recursive: true, force: true });
  });

  it('resolves a finished recording’s file and refuses path tricks', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'eduforum-recfile-'));
    await mkdir(path.join(dir, 's1', 'rec-1'), { recursive: true });
    const manifest = {
      recordingId: 'rec-1',
      seminarId: 's1',
      startedAt: 'x',
      stoppedAt: 'y',
      tracks: [],
      output: 'recording.webm',
    };
    await writeFile(path.join(dir, 's1', 'rec-1', 'manifest.json'), JSON.stringify(manifest));
    await writeFile(path.join(dir, 's1', 'rec-1', 'recording.webm'), 'webm');
    expect(await recordingFile(dir, 's1', 'rec-1')).to.equal(path.join(dir, 's1', 'rec-1', 'recording.webm'));
    expect(await recordingFile(dir, 's1', '../s1/rec-1')).to.equal(undefined);
    expect(await recordingFile(dir, 's1', 'rec-2')).to.equal(undefined);
    await rm(dir, { recursive: true, force: true });
  });
});
