// CSV files written in the browser (list exports): RFC 4180 quoting, CRLF line endings, a byte order
// mark so spreadsheets read Chinese and Malay text as UTF-8, and no cell a spreadsheet would run.

/** A spreadsheet opening a CSV runs a cell starting with one of these as a formula (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal ("-250.50", "1000"): an amount, written as is so a negative stays a number. */
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Text as a spreadsheet shows it, never runs it: a leading `'` before a formula-like start (`=1+1`, `@Home`). */
export function neutralised(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export interface CsvCell {
  text: string;
  /** An amount column: a value that reads as a decimal is written as is, anything else neutralised. */
  amount?: boolean;
}

function cellText({ text, amount }: CsvCell): string {
  const safe = amount && DECIMAL.test(text) ? text : neutralised(text);
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The file's text: a header row, then one line per row. */
export function csvText(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map((text) => cellText({ text })), ...rows.map((row) => row.map(cellText))];
  return "\uFEFF" + lines.map((line) => line.join(",")).join("\r\n") + "\r\n";
}

/** Save `content` as a file the browser downloads. */
export function saveFile(content: BlobPart, filename: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
