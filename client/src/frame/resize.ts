/**
 * LTI frame resizing: the tool asks the LMS to fit the iframe to its content with the `lti.frameResize`
 * postMessage (Canvas, Brightspace and others honour it). Only this message may go to '*', because it carries
 * nothing but a height; everything else needs a known origin.
 */
export interface FrameResizeMessage {
  subject: 'lti.frameResize';
  message_id: string;
  height: number;
}

export function frameResizeMessage(height: number, messageId: string): FrameResizeMessage {
  return { subject: 'lti.frameResize', message_id: messageId, height: Math.ceil(height) };
}

/**
 * The LMS origin when the browser tells it: `location.ancestorOrigins` (Chromium, Safari) or an `origin`
 * parameter the launch put in the fragment; otherwise '*'.
 */
export function frameTargetOrigin(ancestorOrigins: readonly string[] | undefined, hash: string): string {
  const parent = ancestorOrigins?.[0];
  if (parent && parent !== 'null') return parent;
  const fromLaunch = new URLSearchParams(hash.replace(/^#/, '')).get('origin');
  if (fromLaunch) {
    try {
      return new URL(fromLaunch).origin;
    } catch {
      return '*';
    }
  }
  return '*';
}

export interface FrameResizer {
  /** Call with the current content height; posts only when it changed by at least `threshold` px. */
  update(height: number): void;
}

export function createFrameResizer(
  post: (message: FrameResizeMessage) => void,
  options: { threshold?: number; minHeight?: number } = {},
): FrameResizer {
  const threshold = options.threshold ?? 2;
  const minHeight = options.minHeight ?? 480;
  let last = -Infinity;
  let sequence = 0;
  return {
    update(height) {
      const target = Math.max(minHeight, Math.ceil(height));
      if (Math.abs(target - last) < threshold) return;
      last = target;
      sequence++;
      post(frameResizeMessage(target, `eduforum-resize-${sequence}`));
    },
  };
}
