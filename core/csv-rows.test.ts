import { describe, expect, it } from 'vitest';
import { csvRows } from './csv-rows.ts';

const cells = (text: string, options = {}) => csvRows(text, options).rows.map((r) => [r.line, r.cells]);
const errors = (text: string, options = {}) => csvRows(text, options).errors.map((e) => [e.line, e.code]);

describe('csvRows', () => {
  it('splits RFC 4180 cells, trims around them, and numbers rows by their physical line', () => {
    expect(cells('\uFEFFa,"b,""c""", d ,\r\n\r\n  \r\n"x" , y')).toEqual([[1, ['a', 'b,"c"', 'd', '']], [4, ['x', 'y']]]);
  });

  it('ends lines at LF, CRLF or CR, or at LF only when asked', () => {
    expect(cells('a,b\r1,2\r\n3,4')).toEqual([[1, ['a', 'b']], [2, ['1', '2']], [3, ['3', '4']]]);
    expect(cells('a\r,b\r\n1,2', { lineBreaks: 'lf' })).toEqual([[1, ['a', 'b']], [2, ['1', '2']]]);
  });

  it('takes another delimiter, and skips # lines when asked', () => {
    expect(cells('a;"b;c"\n# x,"y\n1;2', { delimiter: ';', comments: true })).toEqual([[1, ['a', 'b;c']], [3, ['1', '2']]]);
  });

  it('reports a quote left open on its line, and reads the lines after it', () => {
    const text = 'a,b\n"x,1\n\n3,"4\n5,6\n7,"8"';
    expect(errors(text)).toEqual([[2, 'CSV_QUOTE_NOT_CLOSED'], [4, 'CSV_QUOTE_NOT_CLOSED']]);
    expect(cells(text)).toEqual([[1, ['a', 'b']], [5, ['5', '6']], [6, ['7', '8']]]);
  });

  it('reports what csv-parse rejects with its line, and reads on', () => {
    const text = 'a,b\n"1"2,3\nx"y"z,4\n5,6';
    expect(errors(text)).toEqual([[2, 'CSV_INVALID_CLOSING_QUOTE'], [3, 'INVALID_OPENING_QUOTE']]);
    expect(cells(text)).toEqual([[1, ['a', 'b']], [4, ['5', '6']]]);
  });

  it('reads text without quotes as csv-parse does', () => {
    // A quoted line at the end sends the same rows through csv-parse; the rows before it must not change.
    let seed = 7;
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    const alphabet = ['a', '1', ',', ';', ' ', '\t', '\r', '\n', '\r\n', '#', '.', '-'];
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: next() % 40 }, () => alphabet[next() % alphabet.length]).join('');
      for (const options of [{}, { delimiter: ';', comments: true }, { lineBreaks: 'lf' as const }]) {
        const plain = csvRows(text, options);
        const quoted = csvRows(`${text}\n"q"`, options);
        expect(plain.errors).toEqual(quoted.errors);
        expect(plain.rows).toEqual(quoted.rows.slice(0, -1));
      }
    }
  });
});

