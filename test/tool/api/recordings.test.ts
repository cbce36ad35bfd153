import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Types } from 'mongoose';
import request from 'supertest';
import { createLogger } from '../../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../../tool/server.js';
import { Seminar } from '../../../tool/store/index.js';
import { testConfig } from '../../support/config.js';
import { ffmpegRtp, waitFor } from '../../support/rtp.js';
import { tokenFor } from '../../support/tokens.js';

const newId = () => new Types.ObjectId().toHexString();

describe('recordings REST API', function () {
  this.timeout(60_000);
  let server: ToolServer;
  let dataDir: string;
  let sender: ChildProcess | undefined;
  const course = newId();
  let seminar: string;
  let recordingId: string;
  const as = (role: 'instructor' | 'learner', overrides: { course?: string } = {}) =>
    `Bearer ${tokenFor(server, { course, seminar, role, ...overrides })}`;

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'eduforum-recordings-api-'));
    server = await startToolServer(await testConfig({ DATA_DIR: dataDir }), createLogger('silent'));
    seminar = String((await Seminar.create({ course, resourceLinkId: `rl-${newId()}` }))._id);
    // A real recording of the seminar's room: ffmpeg sends Opus RTP into it while the recorder runs.
    const room = await server.media.room(seminar, seminar);
    const mic = await room.ingest({
      userId: 'instructor-1',
      source: 'mic',
      kind: 'audio',
      rtpParameters: {
        codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
        encodings: [{ ssrc: 4242 }],
      },
    });
    sender = ffmpegRtp(
      ['-f', 'lavfi', '-i', 'sine=frequency=440'],
      ['-c:a', 'libopus', '-ac', '2'],
      100,
      4242,
      mic.ip,
      mic.port,
    );
    await waitFor(
      () => mic.producer.getStats(),
      (stats) => (stats[0]?.packetCount ?? 0) > 10,
    );
    const recorder = await server.media.startRecording(room, 'instructor-1');
    recordingId = recorder.id;
    await new Promise((r) => setTimeout(r, 1500));
    await server.media.stopRecording(room);
  });
  after(async () => {
    sender?.kill('SIGKILL');
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lists the seminar recording for staff with a download URL, and serves the file', async () => {
    const list = await request(server.url)
      .get(`/api/v1/sessions/${seminar}/recordings`)
      .set('Authorization', as('instructor'));
    expect(list.status).to.equal(200);
    expect(list.body.visible_to_students).to.equal(false);
    expect(list.body.recordings).to.have.length(1);
    const [entry] = list.body.recordings;
    expect(entry).to.include({ recording_id: recordingId, status: 'ready' });
    const file = await request(server.url)
      .get(entry.download_url)
      .set('Authorization', as('instructor'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(file.status).to.equal(200);
    expect(file.headers['content-type']).to.match(/video\/webm/);
    expect(file.headers['content-disposition']).to.match(/^attachment;/);
    // WebM is Matroska: the file starts with the EBML magic.
    expect((file.body as Buffer).subarray(0, 4).toString('hex')).to.equal('1a45dfa3');
  });

  it('keeps recordings from students until staff share them', async () => {
    const hidden = await request(server.url)
      .get(`/api/v1/sessions/${seminar}/recordings`)
      .set('Authorization', as('learner'));
    expect(hidden.status).to.equal(403);
    expect(hidden.body.error.code).to.equal('FORBIDDEN');

    const forbidden = await request(server.url)
      .put(`/api/v1/sessions/${seminar}/recordings/settings`)
      .set('Authorization', as('learner'))
      .send({ visible_to_students: true });
    expect(forbidden.status).to.equal(403);

    const shared = await request(server.url)
      .put(`/api/v1/sessions/${seminar}/recordings/settings`)
      .set('Authorization', as('instructor'))
      .send({ visible_to_students: true });
    expect(shared.body).to.deep.equal({ visible_to_students: true });
    const visible = await request(server.url)
      .get(`/api/v1/sessions/${seminar}/recordings`)
      .set('Authorization', as('learner'));
    expect(visible.status).to.equal(200);
    expect(visible.body.recordings.map((r: { recording_id: string }) => r.recording_id)).to.deep.equal([recordingId]);
  });

  it('refuses bad settings, unknown recordings, path tricks and other courses', async () => {
    const bad = await request(server.url)
      .put(`/api/v1/sessions/${seminar}/recordings/settings`)
      .set('Authorization', as('instructor'))
      .send({ visible_to_students: 'yes' });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.code).to.equal('VALIDATION_ERROR');
    const unknown = await request(server.url)
      .get(`/api/v1/sessions/${seminar}/recordings/nope/file`)
      .set('Authorization', as('instructor'));
    expect(unknown.status).to.equal(404);
    const tricky = await request(server.url)
      .get(`/api/v1/sessions/${seminar}/recordings/..%2F..%2Fetc/file`)
      .set('Authorization', as('instructor'));
    expect(tricky.status).to.equal(404);
    const otherCourse = await request(server.url)
      .get(`/api/v1/sessions/${seminar}/recordings`)
      .set('Authorization', as('instructor', { course: newId() }));
    expect(otherCourse.status).to.equal(403);
  });
});
