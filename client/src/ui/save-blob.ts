/**
 * Hands a file made in the page to the browser's downloads. Used where a plain link cannot work: files that
 * need the bearer token (CSV exports) or exist only in the page (whiteboard images).
 */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
