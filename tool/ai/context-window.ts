import type { SpokenSegment } from './checkpoint-spotting.js';
import { lexicalSimilarity } from '../../grading/index.js';

/** The transcript text of the last `windowMs` before `nowMs` (seed 004: the last 5–10 minutes). */
export function recentTranscript(segments: readonly SpokenSegment[], nowMs: number, windowMs: number): string {
  return segments
    .filter((s) => s.endMs > nowMs - windowMs && s.startMs <= nowMs)
    .map((s) => s.text.trim())
    .filter(Boolean)
    .join(' ');
}

const PASSAGE_CHARS = 800;

function passages(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const paragraph of text.split(/\n\s*\n|\n(?=[-*#•])/)) {
    const p = paragraph.trim();
    if (!p) continue;
    if (current && current.length + p.length > PASSAGE_CHARS) {
      out.push(current);
      current = '';
    }
    current = current ? `${current}\n${p}` : p;
    while (current.length > PASSAGE_CHARS) {
      out.push(current.slice(0, PASSAGE_CHARS));
      current = current.slice(PASSAGE_CHARS);
    }
  }
  if (current) out.push(current);
  return out;
}

/**
 * The material passages closest to what was just said, within a character budget, so the prompt stays small
 * however long the slides are. Without a focus text the passages come in document order.
 */
export function relevantMaterial(materialTexts: readonly string[], focus: string, budgetChars: number): string {
  const all = materialTexts.flatMap(passages).map((text, order) => ({
    text,
    order,
    score: focus ? lexicalSimilarity(focus, text) : 0,
  }));
  const chosen: typeof all = [];
  let used = 0;
  for (const p of [...all].sort((a, b) => b.score - a.score || a.order - b.order)) {
    if (used + p.text.length > budgetChars) continue;
    chosen.push(p);
    used += p.text.length;
  }
  return chosen
    .sort((a, b) => a.order - b.order)
    .map((p) => p.text)
    .join('\n---\n');
}
