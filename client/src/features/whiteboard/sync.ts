/** Whiteboard sync bookkeeping (pure): which local elements changed since they were last sent or received. */
export interface VersionedElement {
  id: string;
  version: number;
}

/**
 * Elements whose version differs from the last one seen, and the updated version map. Remote elements are
 * recorded too (`remember`) so they are not echoed back.
 */
export function changedSince<E extends VersionedElement>(
  elements: readonly E[],
  seen: ReadonlyMap<string, number>,
): { changed: E[]; seen: Map<string, number> } {
  const next = new Map(seen);
  const changed: E[] = [];
  for (const element of elements) {
    if (seen.get(element.id) !== element.version) changed.push(element);
    next.set(element.id, element.version);
  }
  return { changed, seen: next };
}

export function remember(
  seen: ReadonlyMap<string, number>,
  elements: readonly VersionedElement[],
): Map<string, number> {
  const next = new Map(seen);
  for (const element of elements) next.set(element.id, Math.max(element.version, next.get(element.id) ?? 0));
  return next;
}
