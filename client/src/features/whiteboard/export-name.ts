/** `whiteboard-2026-11-23-1405.png`: sortable, local time, no characters a file system refuses. */
export function exportFileName(at: Date, format: 'png' | 'svg'): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  return `whiteboard-${day}-${pad(at.getHours())}${pad(at.getMinutes())}.${format}`;
}
