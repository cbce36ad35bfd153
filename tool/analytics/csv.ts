/**
 * RFC 4180 CSV for spreadsheet export. A cell that starts with = + - @ (or a tab/CR that some spreadsheets
 * strip first) would run as a formula when opened (CSV injection, OWASP), so it gets a leading apostrophe:
 * spreadsheets show it as text and the value stays readable.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<Parameters<typeof csvCell>[0]>>,
): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
