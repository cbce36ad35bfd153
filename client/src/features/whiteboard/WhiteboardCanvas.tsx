import '@excalidraw/excalidraw/index.css';
import {
  CaptureUpdateAction,
  Excalidraw,
  exportToBlob,
  exportToSvg,
  reconcileElements,
  restoreElements,
} from '@excalidraw/excalidraw';
import type { ExcalidrawImperativeAPI } from '@excalidraw/excalidraw/types';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RoomSocket } from '../../api/index.js';
import { ErrorText, saveBlob, useAction, useApp } from '../../ui/index.js';
import { changedSince, remember } from './sync.js';
import { exportFileName } from './export-name.js';

type SceneElements = Parameters<typeof reconcileElements>[0];
type RemoteElements = Parameters<typeof restoreElements>[0];

const SEND_INTERVAL_MS = 80;
/** The server takes at most this many elements per whiteboard_update. */
const ELEMENTS_PER_UPDATE = 200;

/** The kinds of shapes on the board, on the container (`data-shapes`), so tests and tools can read the scene. */
function shapeList(elements: readonly { type?: string; isDeleted?: boolean }[]): string {
  return elements
    .filter((e) => !e.isDeleted)
    .map((e) => e.type ?? '')
    .join(' ');
}

/**
 * Excalidraw bound to the room: local changes go out as version deltas (`whiteboard_update`), remote ones
 * are reconciled in without entering local undo; on open the full scene comes from `whiteboard_snapshot`.
 * While staff lock the board, learners see it read-only.
 */
export default function WhiteboardCanvas(props: { socket: RoomSocket; langCode: string; staff: boolean }) {
  const [api, setApi] = useState<ExcalidrawImperativeAPI | null>(null);
  const [locked, setLocked] = useState(false);
  const seen = useRef(new Map<string, number>());
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!api) return;
    const apply = (remote: unknown[]) => {
      const restored = restoreElements(remote as RemoteElements, null);
      seen.current = remember(seen.current, restored);
      const elements = reconcileElements(
        api.getSceneElementsIncludingDeleted() as SceneElements,
        restored as unknown as Parameters<typeof reconcileElements>[1],
        api.getAppState(),
      );
      api.updateScene({ elements, captureUpdate: CaptureUpdateAction.NEVER });
    };
    const stop = props.socket.listen('whiteboard_update', (data) => apply(data.elements));
    const stopLock = props.socket.listen('whiteboard_lock', (data) => setLocked(data.locked));
    void props.socket
      .emit<'whiteboard_snapshot', { elements?: unknown[]; locked?: boolean }>('whiteboard_snapshot', {})
      .then((ack) => {
        if (!ack.ok) return;
        if (ack.elements && ack.elements.length > 0) apply(ack.elements);
        setLocked(Boolean(ack.locked));
      });
    return () => {
      stop();
      stopLock();
      if (pending.current) clearTimeout(pending.current);
    };
  }, [api, props.socket]);

  const onChange = (elements: readonly { id: string; version: number; type?: string; isDeleted?: boolean }[]) => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      const current = api?.getSceneElementsIncludingDeleted() ?? elements;
      if (container.current) container.current.dataset.shapes = shapeList(current);
      const { changed, seen: next } = changedSince(current, seen.current);
      seen.current = next;
      for (let i = 0; i < changed.length; i += ELEMENTS_PER_UPDATE)
        props.socket.send('whiteboard_update', { elements: changed.slice(i, i + ELEMENTS_PER_UPDATE) });
    }, SEND_INTERVAL_MS);
  };

  const { t } = useApp();
  const exporting = useAction();
  /** The visible scene as an image file (PNG for slides and chat, SVG for editing elsewhere). */
  const download = (format: 'png' | 'svg') =>
    exporting.run(async () => {
      if (!api) return;
      const scene = {
        elements: api.getSceneElements(),
        appState: { ...api.getAppState(), exportBackground: true },
        files: api.getFiles(),
      };
      const blob =
        format === 'png'
          ? await exportToBlob({ ...scene, mimeType: 'image/png' })
          : new Blob([(await exportToSvg(scene)).outerHTML], { type: 'image/svg+xml' });
      saveBlob(blob, exportFileName(new Date(), format));
    });

  return (
    <>
      <div class="whiteboard__export row">
        <button type="button" disabled={!api || exporting.busy} onClick={() => void download('png')}>
          {t('whiteboard.exportPng')}
        </button>
        <button type="button" disabled={!api || exporting.busy} onClick={() => void download('svg')}>
          {t('whiteboard.exportSvg')}
        </button>
        <ErrorText error={exporting.error} />
      </div>
      <div ref={container} class="whiteboard__canvas" data-testid="whiteboard-canvas" data-locked={locked}>
        <Excalidraw
          excalidrawAPI={(instance) => setApi(instance)}
          onChange={(elements) => onChange(elements)}
          langCode={props.langCode}
          viewModeEnabled={locked && !props.staff}
          UIOptions={{ canvasActions: { loadScene: false, saveToActiveFile: false } }}
        />
      </div>
    </>
  );
}
