import { labelText, type LogRow } from './logsModel';

/** One JSON object a line: time (ISO), level, message and every label, as a log shipper would read it back. */
export function toNdjson(rows: LogRow[]): string {
  return rows
    .map((row) =>
      JSON.stringify({
        id: row.id,
        time: new Date(row.timestamp).toISOString(),
        level: row.level,
        message: row.body,
        ...row.labels,
      })
    )
    .map((line) => `${line}\n`)
    .join('');
}

const FIXED_COLUMNS = ['time', 'level', 'service', 'message', 'request_id', 'trace_id', 'id'] as const;

/** RFC 4180 field: quoted when it holds a comma, quote or line break; quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A header and one row a line: the usual columns first, then every other label seen, in first-seen order. */
export function toCsv(rows: LogRow[]): string {
  const extra: string[] = [];
  const seen = new Set<string>(FIXED_COLUMNS);
  for (const row of rows) {
    for (const key of Object.keys(row.labels)) {
      if (!seen.has(key)) {
        seen.add(key);
        extra.push(key);
      }
    }
  }
  const columns = [...FIXED_COLUMNS, ...extra];
  const cell = (row: LogRow, column: string): string => {
    switch (column) {
      case 'time':
        return new Date(row.timestamp).toISOString();
      case 'level':
        return row.level;
      case 'message':
        return row.body;
      case 'id':
        return row.id;
      default:
        return labelText(row.labels[column]);
    }
  };
  const lines = [columns, ...rows.map((row) => columns.map((column) => cell(row, column)))];
  return lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Hands a text to the browser as a file download. */
export function downloadText(fileName: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // After the click has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
