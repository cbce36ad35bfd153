import { cp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Excalidraw fetches its fonts by URL at run time (from a public CDN unless EXCALIDRAW_ASSET_PATH says
 * otherwise); Vite does not see those URLs, so the font folder is copied next to the build (served at
 * /app/fonts/). See OFFLINE.md "Client: Preact, Vite, Excalidraw".
 */
function selfHostExcalidrawFonts(): Plugin {
  return {
    name: 'self-host-excalidraw-fonts',
    apply: 'build',
    async writeBundle(options) {
      const prodDir = path.dirname(createRequire(import.meta.url).resolve('@excalidraw/excalidraw'));
      await cp(path.join(prodDir, 'fonts'), path.join(options.dir ?? path.join(root, 'dist'), 'fonts'), {
        recursive: true,
      });
    },
  };
}

// Served by the tool at /app/; instructor-only code, the whiteboard and charts are split into lazy chunks.
export default defineConfig({
  root,
  base: '/app/',
  plugins: [preact(), selfHostExcalidrawFonts()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2048,
  },
});
