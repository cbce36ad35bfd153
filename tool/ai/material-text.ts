import { unzipSync } from 'fflate';
import { extractText as extractPdfText, getDocumentProxy } from 'unpdf';
import type { MaterialKind } from '../store/index.js';

export class MaterialError extends Error {
  constructor(
    readonly reason: 'unsupported_type' | 'unreadable',
    message: string,
  ) {
    super(message);
    this.name = 'MaterialError';
  }
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** The PDF header may follow a little junk (PDF 1.7 §7.5.2 readers look in the first 1024 bytes). */
const PDF_HEADER_WINDOW = 1024;
/** A PPTX whose slides inflate beyond this is refused rather than expanded (zip bombs). */
const MAX_UNZIPPED_BYTES = 64 * 1024 * 1024;
export const MAX_MATERIAL_TEXT_CHARS = 500_000;

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function zipEntryNames(bytes: Uint8Array): string[] {
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        names.push(file.name);
        return false;
      },
    });
  } catch {
    return [];
  }
  return names;
}

/**
 * The kind of an upload judged by its bytes; the file name only tells Markdown from plain text, which are the
 * same bytes. Returns null for anything else (a renamed .exe, a .docx, a PNG…).
 */
export function sniffMaterialKind(bytes: Uint8Array, filename: string): MaterialKind | null {
  const head = Buffer.from(bytes.subarray(0, PDF_HEADER_WINDOW)).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  if (startsWith(bytes, ZIP_MAGIC)) {
    const names = zipEntryNames(bytes);
    return names.includes('ppt/presentation.xml') && names.some((n) => n.startsWith('ppt/slides/')) ? 'pptx' : null;
  }
  if (bytes.length > 0 && isUtf8Text(bytes)) return /\.(md|markdown)$/i.test(filename) ? 'markdown' : 'text';
  return null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code =
        entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity] ?? whole;
  });
}

/** DrawingML text runs (`<a:t>`) of one slide, one line per paragraph (`<a:p>`). */
export function slideXmlText(xml: string): string {
  return xml
    .split(/<\/a:p>/)
    .map((paragraph) =>
      [...paragraph.matchAll(/<a:t(?:\s[^>]*)?>([^<]*)<\/a:t>/g)].map((m) => decodeXmlText(m[1]!)).join(''),
    )
    .filter((line) => line.trim())
    .join('\n');
}

function pptxText(bytes: Uint8Array): string {
  let budget = MAX_UNZIPPED_BYTES;
  const slideNumber = (name: string) => Number(/slide(\d+)\.xml$/.exec(name)?.[1] ?? 0);
  const files = unzipSync(bytes, {
    filter: (file) => {
      if (!/^ppt\/slides\/slide\d+\.xml$/.test(file.name)) return false;
      budget -= file.originalSize;
      if (budget < 0) throw new MaterialError('unreadable', 'The presentation expands beyond the size limit');
      return true;
    },
  });
  return Object.keys(files)
    .sort((a, b) => slideNumber(a) - slideNumber(b))
    .map((name) => slideXmlText(new TextDecoder().decode(files[name])))
    .filter(Boolean)
    .join('\n\n');
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  // verbosity 0: pdf.js would otherwise print its recovery warnings for damaged files to stdout.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  const { text } = await extractPdfText(pdf, { mergePages: false });
  return text.map((page) => page.trim()).join('\n\n');
}

/** Plain text of an upload, for the AI context; capped at MAX_MATERIAL_TEXT_CHARS. */
export async function extractMaterialText(
  kind: MaterialKind,
  bytes: Uint8Array,
): Promise<{ text: string; truncated: boolean }> {
  let text: string;
  try {
    if (kind === 'pdf') text = await pdfText(bytes);
    else if (kind === 'pptx') text = pptxText(bytes);
    else text = new TextDecoder().decode(bytes);
  } catch (err) {
    if (err instanceof MaterialError) throw err;
    throw new MaterialError('unreadable', `The ${kind.toUpperCase()} file could not be read`);
  }
  text = text.replace(/\r\n?/g, '\n').trim();
  const truncated = text.length > MAX_MATERIAL_TEXT_CHARS;
  return { text: truncated ? text.slice(0, MAX_MATERIAL_TEXT_CHARS) : text, truncated };
}
