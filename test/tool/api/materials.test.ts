import { expect } from 'chai';
import { Types } from 'mongoose';
import request from 'supertest';
import { createLogger } from '../../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../../tool/server.js';
import { Material, Seminar } from '../../../tool/store/index.js';
import { testConfig } from '../../support/config.js';
import { otherZip, pdfWithPages, pptxWithSlides } from '../../support/material-fixtures.js';
import { tokenFor } from '../../support/tokens.js';

const newId = () => new Types.ObjectId().toHexString();
const MAX_BYTES = 64 * 1024;

describe('materials REST API', function () {
  this.timeout(60_000);
  let server: ToolServer;
  const course = newId();
  let seminar: string;
  const as = (role: 'instructor' | 'ta' | 'learner') => `Bearer ${tokenFor(server, { course, seminar, role })}`;
  const upload = (bytes: Buffer, filename: string, role: 'instructor' | 'ta' | 'learner' = 'instructor') =>
    request(server.url)
      .post(`/api/v1/sessions/${seminar}/materials`)
      .set('Authorization', as(role))
      .attach('file', bytes, filename);

  before(async () => {
    server = await startToolServer(
      await testConfig({ MATERIALS_MAX_BYTES: String(MAX_BYTES) }),
      createLogger('silent'),
    );
    seminar = String((await Seminar.create({ course, resourceLinkId: `rl-${newId()}` }))._id);
  });
  after(async () => {
    await server?.close();
  });

  it('accepts a PDF, a PPTX and Markdown, typed by content, and keeps their text for AI context', async () => {
    const pdf = await upload(pdfWithPages(['Backpropagation']), 'lecture.bin');
    expect(pdf.status).to.equal(201);
    expect(pdf.body).to.include({ file_type: 'pdf', title: 'lecture', filename: 'lecture.bin' });
    const pptx = await upload(pptxWithSlides([['역전파', '연쇄 법칙']]), 'slides.pptx', 'ta');
    expect(pptx.body).to.include({ file_type: 'pptx', text_chars: '역전파\n연쇄 법칙'.length });
    const md = await upload(Buffer.from('# Week 3\n- chain rule'), 'notes.md');
    expect(md.body.file_type).to.equal('markdown');

    const stored = await Material.findById(pptx.body.id).lean();
    expect(stored!.text).to.equal('역전파\n연쇄 법칙');
    expect(stored!.sha256).to.match(/^[0-9a-f]{64}$/);
  });

  it('refuses a renamed binary or a non-presentation zip with 415', async () => {
    const exe = await upload(Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]), 'slides.pdf');
    expect(exe.status).to.equal(415);
    expect(exe.body.error.details.reason).to.equal('unsupported_type');
    expect((await upload(otherZip(), 'slides.pptx')).status).to.equal(415);
  });

  it('refuses a file over the size limit with 413', async () => {
    const res = await upload(Buffer.alloc(MAX_BYTES + 1, 'a'), 'big.txt');
    expect(res.status).to.equal(413);
    expect(res.body.error.code).to.equal('PAYLOAD_TOO_LARGE');
  });

  it('refuses a body that is not multipart, and an empty upload', async () => {
    const json = await request(server.url)
      .post(`/api/v1/sessions/${seminar}/materials`)
      .set('Authorization', as('instructor'))
      .send({ file: 'x' });
    expect(json.status).to.equal(415);
    expect((await upload(Buffer.alloc(0), 'empty.md')).status).to.equal(400);
  });

  it('lets learners list materials but not upload or delete them', async () => {
    expect((await upload(Buffer.from('x'), 'a.txt', 'learner')).status).to.equal(403);
    const list = await request(server.url)
      .get(`/api/v1/sessions/${seminar}/materials`)
      .set('Authorization', as('learner'));
    expect(list.status).to.equal(200);
    expect(list.body.materials.map((m: { file_type: string }) => m.file_type)).to.deep.equal([
      'pdf',
      'pptx',
      'markdown',
    ]);
    expect(list.body.materials[0]).not.to.have.property('text');
    const id = list.body.materials[0].id;
    await request(server.url).delete(`/api/v1/materials/${id}`).set('Authorization', as('learner')).expect(403);
    await request(server.url).delete(`/api/v1/materials/${id}`).set('Authorization', as('instructor')).expect(204);
    expect(await Material.findById(id)).to.equal(null);
  });

  it("refuses another course's session", async () => {
    const foreign = String((await Seminar.create({ course: newId(), resourceLinkId: `rl-${newId()}` }))._id);
    const res = await request(server.url)
      .post(`/api/v1/sessions/${foreign}/materials`)
      .set('Authorization', as('instructor'))
      .attach('file', Buffer.from('x'), 'a.txt');
    expect(res.status).to.equal(403);
  });
});
