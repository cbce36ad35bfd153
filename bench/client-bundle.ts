/**
 * Client bundle sizes: gzip bytes of what each entry point loads before it can render — the initial page
 * (index.html's script, preloads and CSS plus their static imports), the instructor view, the whiteboard,
 * charts and media. Run after `npm run build:client`:
 *   npx tsx bench/client-bundle.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const INITIAL_BUDGET_BYTES = 150 * 1024;

const STATIC_IMPORT = /(?:import|export)[^"'()]*?from\s*["']\.\/([^"']+)["']|import\s*["']\.\/([^"']+)["']/g;

function gzipSize(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

/** The chunk plus every chunk it imports statically, transitively (what must load before it runs). */
function staticClosure(assetsDir: string, entries: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    if (!name.endsWith('.js')) continue;
    const code = readFileSync(path.join(assetsDir, name), 'utf8');
    for (const match of code.matchAll(STATIC_IMPORT)) queue.push((match[1] ?? match[2])!);
  }
  return seen;
}

/** The CSS a JS chunk pulls in is emitted under the same base name. */
function withCss(assetsDir: string, chunks: Set<string>): Set<string> {
  const files = readdirSync(assetsDir);
  const result = new Set(chunks);
  for (const chunk of chunks) {
    const base = chunk.replace(/-[\w-]{8}\.js$/, '');
    for (const file of files) if (file.endsWith('.css') && file.startsWith(`${base}-`)) result.add(file);
  }
  return result;
}

export interface BundleReport {
  chunks: Array<{ chunk: string; raw: number; gzip: number }>;
  groups: Record<'initial' | 'instructor' | 'whiteboard' | 'charts' | 'media', { files: string[]; gzip: number }>;
}

export function measureClientBundle(distDir: string): BundleReport {
  const assetsDir = path.join(distDir, 'assets');
  const files = readdirSync(assetsDir).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
  const sizes = new Map(files.map((f) => [f, gzipSize(path.join(assetsDir, f))]));
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const htmlAssets = [...html.matchAll(/(?:src|href)="\/app\/assets\/([^"]+)"/g)].map((m) => m[1]!);
  const initial = withCss(assetsDir, staticClosure(assetsDir, htmlAssets));
  const group = (prefix: string) => {
    const entry = files.find((f) => f.startsWith(`${prefix}-`) && f.endsWith('.js'));
    const closure = entry ? withCss(assetsDir, staticClosure(assetsDir, [entry])) : new Set<string>();
    const extra = [...closure].filter((f) => !initial.has(f));
    return { files: extra, gzip: extra.reduce((sum, f) => sum + (sizes.get(f) ?? 0), 0) };
  };
  return {
    chunks: files
      .map((f) => ({ chunk: f, raw: readFileSync(path.join(assetsDir, f)).length, gzip: sizes.get(f)! }))
      .sort((a, b) => b.gzip - a.gzip),
    groups: {
      initial: { files: [...initial], gzip: [...initial].reduce((sum, f) => sum + (sizes.get(f) ?? 0), 0) },
      instructor: group('InstructorView'),
      whiteboard: group('WhiteboardCanvas'),
      charts: group('BarChart'),
      // client/src/media (mediasoup-client), loaded after joining; absent until the media team's code is merged.
      media: group('media'),
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const distDir = path.resolve(process.argv[2] ?? 'client/dist');
  const report = measureClientBundle(distDir);
  for (const [name, g] of Object.entries(report.groups))
    console.log(
      JSON.stringify({
        name: `client_${name}_gzip`,
        value: g.gzip,
        unit: 'bytes',
        files: g.files.length,
        ...(name === 'initial' ? { budget: INITIAL_BUDGET_BYTES, within_budget: g.gzip <= INITIAL_BUDGET_BYTES } : {}),
      }),
    );
}
