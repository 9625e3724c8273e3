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
  /** What ends a line: LF, CRLF or a lone CR (the default), or only LF (a CR before it dropped). */
  lineBreaks?: 'any' | 'lf';
}

const LINE_BREAKS = { any: /\r\n|\n|\r/, lf: /\r?\n/ } as const;
/** Tab, line ends and printable ASCII but the double quote (and a BOM, removed before reading). */
const PLAIN_ASCII = /^\uFEFF?[\t\n\r\x20\x21\x23-\x7e]*$/;

/**
 * The rows of a CSV text, read by csv-parse: RFC 4180 quoting ("" for a quote), a BOM, line ends
 * as `lineBreaks` says, blank lines skipped, space around unquoted cells and around quotes
 * trimmed. Rows may differ in width; the reader decides what a short row means.
 *
 * Unlike RFC 4180, a quoted cell may not span lines: the files we read hold one record per line,
 * so a quote still open at the end of a line is a stray one, and reading on as RFC 4180 does would
 * swallow the rows after it into one cell. Such a line, and any line csv-parse rejects, is
 * reported with its number, and reading goes on at the next line.
 */
export function csvRows(text: string, options: CsvRowsOptions = {}): { rows: CsvRow[]; errors: CsvRowError[] } {
  const errors: CsvRowError[] = [];
  const written = text.replace(/^\uFEFF/, '').split(LINE_BREAKS[options.lineBreaks ?? 'any']);
  // The lines csv-parse is given, one record each: not blank, not a comment, and with their quotes
  // paired, since a line ending inside quotes would pull in the next one.
  const kept: { text: string; line: number }[] = [];
  written.forEach((text, i) => {
    if (text.trim() === '' || (options.comments && text.startsWith('#'))) return;
    if (text.includes('"') && (text.match(/"/g) ?? []).length % 2 === 1) {
      errors.push({ line: i + 1, text, code: 'CSV_QUOTE_NOT_CLOSED', message: `Quote Not Closed: a quoted cell is not closed on line ${i + 1}` });
    } else kept.push({ text, line: i + 1 });
  });
  const delimiter = options.delimiter ?? ',';
  // Without a quote, and in printable ASCII (where csv-parse's trimmed characters and JavaScript's
  // are the same), a record is its line split at the delimiter with each cell trimmed: what
  // csv-parse returns, in a tenth of the time (a three-year daily file is a thousand rows or more).
  if (PLAIN_ASCII.test(text)) return { rows: kept.map(({ text, line }) => ({ cells: text.split(delimiter).map((c) => c.trim()), line, text })), errors };
  const rows: CsvRow[] = [];
  let from = 0; // kept lines already read
  while (from < kept.length) {
    const start = from;
    try {
      parse(kept.slice(start).map((k) => k.text).join('\n'), {
        delimiter,
        record_delimiter: '\n', // a CR left inside a line is text
        trim: true,
        relax_column_count: true,
        on_record: (record) => {
          const { text: lineText, line } = kept[from++]!;
          rows.push({ cells: record, line, text: lineText });
          return null; // kept here, with its line, rather than in csv-parse's result
        },
      });
      break;
    } catch (e) {
      // One record per line, so the line csv-parse stopped at is the one after the rows it gave; read on after it.
      if (!(e instanceof CsvError)) throw e;
      const bad = kept[from++]!;
      errors.push({ line: bad.line, text: bad.text, code: e.code, message: e.message.replace(/ at line \d+/, ` at line ${bad.line}`) });
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows, errors };
}
