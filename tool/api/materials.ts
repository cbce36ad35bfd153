import { createHash } from 'node:crypto';
import busboy from 'busboy';
import { Router, type Request } from 'express';
import { isValidObjectId } from 'mongoose';
import { extractMaterialText, MaterialError, sniffMaterialKind } from '../ai/index.js';
import { requireRole } from '../http/auth.js';
import { AppError } from '../http/index.js';
import { Material } from '../store/index.js';
import { asyncHandler } from './async-handler.js';
import { ownSeminar, requireOwnCourse } from './session-scope.js';

const STAFF = ['instructor', 'ta'] as const;
const MAX_TITLE = 255;

interface Upload {
  filename: string;
  title?: string;
  bytes: Buffer;
}

/** One `file` part (and an optional `title` field) of a multipart body, refused past `maxBytes`. */
function readUpload(req: Request, maxBytes: number): Promise<Upload> {
  return new Promise((resolve, reject) => {
    if (!req.is('multipart/form-data')) {
      reject(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the material as multipart/form-data with a "file" part'));
      return;
    }
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 5 } });
    } catch {
      reject(new AppError('VALIDATION_ERROR', 'Malformed multipart body'));
      return;
    }
    let upload: Upload | undefined;
    let title: string | undefined;
    let failure: AppError | undefined;
    parser.on('field', (name, value) => {
      if (name === 'title') title = value.trim().slice(0, MAX_TITLE) || undefined;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file') {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        failure = new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${maxBytes} bytes`, {
          max_bytes: maxBytes,
        });
      });
      stream.on('end', () => {
        upload = { filename: info.filename || 'material', bytes: Buffer.concat(chunks) };
      });
    });
    parser.on('error', () => reject(new AppError('VALIDATION_ERROR', 'Malformed multipart body')));
    parser.on('close', () => {
      if (failure) reject(failure);
      else if (!upload || upload.bytes.length === 0)
        reject(new AppError('VALIDATION_ERROR', 'The "file" part is missing or empty'));
      else resolve({ ...upload, title });
    });
    req.pipe(parser);
  });
}

type MaterialLean = NonNullable<Awaited<ReturnType<typeof findMaterial>>>;
function findMaterial(id: string) {
  return Material.findById(id).select({ text: 0 }).lean();
}

function materialView(m: Omit<MaterialLean, 'text'> & { text?: string }, textChars: number) {
  return {
    id: String(m._id),
    session_id: String(m.seminar),
    title: m.title,
    filename: m.filename,
    file_type: m.kind,
    size_bytes: m.sizeBytes,
    text_chars: textChars,
    text_truncated: m.textTruncated,
    uploaded_at: new Date((m as unknown as { createdAt: Date }).createdAt).toISOString(),
  };
}

/**
 * Teaching materials (seed 004 LectureMaterial): PDF, PPTX, Markdown or plain text, typed by content. Only
 * the extracted text is kept, as context for AI quizzes and summary notes.
 */
export function materialsRouter(options: { maxBytes: number }): Router {
  const router = Router();

  router.post(
    '/sessions/:session_id/materials',
    requireRole(...STAFF),
    asyncHandler(async (req, res) => {
      const seminar = await ownSeminar(req, req.params.session_id!);
      const upload = await readUpload(req, options.maxBytes);
      const kind = sniffMaterialKind(upload.bytes, upload.filename);
      if (!kind) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Upload a PDF, PPTX, Markdown or plain-text file', {
          reason: 'unsupported_type',
        });
      }
      let extracted: { text: string; truncated: boolean };
      try {
        extracted = await extractMaterialText(kind, upload.bytes);
      } catch (err) {
        if (err instanceof MaterialError) throw new AppError('VALIDATION_ERROR', err.message, { reason: err.reason });
        throw err;
      }
      const material = await Material.create({
        course: seminar.course,
        seminar: seminar._id,
        title: upload.title ?? upload.filename.replace(/\.[^.]+$/, ''),
        filename: upload.filename,
        kind,
        sizeBytes: upload.bytes.length,
        sha256: createHash('sha256').update(upload.bytes).digest('hex'),
        text: extracted.text,
        textTruncated: extracted.truncated,
        uploadedBy: req.session!.sub,
      });
      res.status(201).json(materialView(material.toObject(), extracted.text.length));
    }),
  );

  router.get(
    '/sessions/:session_id/materials',
    asyncHandler(async (req, res) => {
      const seminar = await ownSeminar(req, req.params.session_id!);
      const materials = await Material.find({ seminar: seminar._id }).sort({ createdAt: 1 }).lean();
      res.json({ materials: materials.map((m) => materialView(m, m.text.length)) });
    }),
  );

  router.delete(
    '/materials/:material_id',
    requireRole(...STAFF),
    asyncHandler(async (req, res) => {
      const id = req.params.material_id!;
      const material = isValidObjectId(id) ? await findMaterial(id) : null;
      if (!material) throw new AppError('NOT_FOUND', 'Material not found');
      requireOwnCourse(req, String(material.course));
      await Material.deleteOne({ _id: material._id });
      res.status(204).end();
    }),
  );

  return router;
}
