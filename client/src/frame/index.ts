import { createFrameResizer, frameTargetOrigin } from './resize.js';

export * from './resize.js';

/** Watches the document's height and tells the LMS parent frame; a no-op when not framed. */
export function startFrameResize(win: Window): () => void {
  if (win.parent === win) return () => undefined;
  const origin = frameTargetOrigin(
    win.location.ancestorOrigins ? Array.from(win.location.ancestorOrigins) : undefined,
    win.location.hash,
  );
  const resizer = createFrameResizer((message) => win.parent.postMessage(message, origin));
  const measure = () => resizer.update(win.document.documentElement.scrollHeight);
  const observer = new ResizeObserver(measure);
  observer.observe(win.document.body);
  measure();
  return () => observer.disconnect();
}
