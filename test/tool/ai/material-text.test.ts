import { expect } from 'chai';
import { extractMaterialText, slideXmlText, sniffMaterialKind } from '../../../tool/ai/index.js';
import { otherZip, pdfWithPages, pptxWithSlides } from '../../support/material-fixtures.js';

describe('material type sniffing', () => {
  it('recognises PDF and PPTX by their bytes whatever the file is called', () => {
    expect(sniffMaterialKind(pdfWithPages(['x']), 'slides.pptx')).to.equal('pdf');
    expect(sniffMaterialKind(pptxWithSlides([['x']]), 'notes.pdf')).to.equal('pptx');
  });

  it('tells Markdown from plain text by name only when the bytes are UTF-8 text', () => {
    expect(sniffMaterialKind(Buffer.from('# 제목\n본문'), 'week3.md')).to.equal('markdown');
    expect(sniffMaterialKind(Buffer.from('plain notes'), 'notes.txt')).to.equal('text');
  });

  it('refuses binaries, non-presentation zips and invalid UTF-8 even with an allowed extension', () => {
    expect(sniffMaterialKind(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]), 'slides.pdf')).to.equal(null);
    expect(sniffMaterialKind(otherZip(), 'slides.pptx')).to.equal(null);
    expect(sniffMaterialKind(Buffer.from([0xff, 0xfe, 0x41]), 'notes.md')).to.equal(null);
    expect(sniffMaterialKind(Buffer.from('PK\x03\x04garbage'), 'slides.pptx')).to.equal(null);
  });
});

describe('material text extraction', () => {
  it('extracts the text of every PDF page in order', async () => {
    const { text } = await extractMaterialText('pdf', pdfWithPages(['Gradient descent basics', 'Learning rate (eta)']));
    expect(text).to.match(/Gradient descent basics[\s\S]*Learning rate \(eta\)/);
  });

  it('extracts PPTX slide text in slide order, one line per paragraph, Korean included', async () => {
    const slides = Array.from({ length: 11 }, (_, i) => [`슬라이드 ${i + 1}`]);
    slides[0] = ['경사 하강법', 'α & β < 1'];
    const { text } = await extractMaterialText('pptx', pptxWithSlides(slides));
    expect(text.startsWith('경사 하강법\nα & β < 1\n\n슬라이드 2\n\n슬라이드 3')).to.equal(true);
    expect(text.endsWith('슬라이드 10\n\n슬라이드 11')).to.equal(true);
  });

  it('joins the runs of one paragraph and decodes XML entities', () => {
    const xml = '<a:p><a:r><a:t>Hel</a:t></a:r><a:r><a:t xml:space="preserve">lo &#xAC00;&amp;</a:t></a:r></a:p>';
    expect(slideXmlText(xml)).to.equal('Hello 가&');
  });

  it('reports an unreadable PDF instead of crashing', async () => {
    const broken = Buffer.from('%PDF-1.4\nnot really a pdf');
    const err = await extractMaterialText('pdf', broken).catch((e: unknown) => e);
    expect((err as { reason: string }).reason).to.equal('unreadable');
  });
});
