import { CsvError, parse } from 'csv-parse/sync';

/** One CSV record, with its 1-based physical line. */
export interface CsvRow {
  cells: string[];
  line: number;
  /** The line as written. */
  text: string;
}

/**
 * A line that could not be read: `code` is csv-parse's error code (CSV_QUOTE_NOT_CLOSED for a
 * quote left open at the end of its line, CSV_INVALID_CLOSING_QUOTE, INVALID_OPENING_QUOTE, …).
 */
export interface CsvRowError {
  line: number;
  /** The line as written. */
  text: string;
  code: string;
  /** csv-parse's own explanation, for codes a reader does not word itself. */
  message: string;
}

export interface CsvRowsOptions {
  /** The cell separator (default ","). */
  delimiter?: string;
  /** Skip lines that begin with "#". */
  comments?: boolean;
}

const LINE_BREAK = /\r\n|\n|\r/;

/**
 * The rows of a CSV text, read by csv-parse: RFC 4180 quoting ("" for a quote), a BOM, CRLF, LF or
 * CR line ends, blank lines skipped, space around unquoted cells and around quotes trimmed. Rows
 * may differ in width; the reader decides what a short row means.
 *
 * Unlike RFC 4180, a quoted cell may not span lines: the files we read hold one record per line,
 * so a quote still open at the end of a line is a stray one, and reading on as RFC 4180 does would
 * swallow the rows after it into one cell. Such a line, and any line csv-parse rejects, is
 * reported with its number, and reading goes on at the next line.
 */
export function csvRows(text: string, options: CsvRowsOptions = {}): { rows: CsvRow[]; errors: CsvRowError[] } {
  const errors: CsvRowError[] = [];
  // A line whose quotes do not pair up ends inside quotes; blanked, it cannot pull in the next one.
  const written = text.replace(/^\uFEFF/, '').split(LINE_BREAK);
  const lines = written.map((line, i) => {
    if (!line.includes('"') || (options.comments && line.startsWith('#')) || (line.match(/"/g) ?? []).length % 2 === 0) return line;
    errors.push({ line: i + 1, text: line, code: 'CSV_QUOTE_NOT_CLOSED', message: `Quote Not Closed: a quoted cell is not closed on line ${i + 1}` });
    return '';
  });
  const rows: CsvRow[] = [];
  let from = 0; // lines already read
  while (from < lines.length) {
    const offset = from;
    try {
      parse(lines.slice(from).join('\n'), {
        delimiter: options.delimiter ?? ',',
        ...(options.comments ? { comment: '#', comment_no_infix: true } : {}),
        trim: true,
        skip_empty_lines: true,
        relax_column_count: true,
        on_record: (record, { lines: line }) => {
          rows.push({ cells: record, line: offset + line, text: written[offset + line - 1]! });
          return null; // kept here, with its line, rather than in csv-parse's result
        },
      });
      break;
    } catch (e) {
      // Every record is one line, so the line csv-parse stopped at is the bad one; read on after it.
      if (!(e instanceof CsvError) || typeof e.lines !== 'number') throw e;
      errors.push({ line: offset + e.lines, text: written[offset + e.lines - 1] ?? '', code: e.code, message: e.message });
      from = offset + Math.max(1, e.lines);
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows, errors };
}
