import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertWellFormedErrors, assertWellFormedPoint, finiteDouble, fuzz, junk, lineCount, mutated } from './fuzz-support.ts';
import { parseBackfillCsv } from './csv-backfill.ts';

const ALPHABET = ',;"\t :./-T0123456789eEZ+#\nsystem.load1disk:/var.used_bytesmemhostime';

/** Header cells and the series each names. */
const COLUMNS: Record<string, { measurement: string; field: string; mount?: string }> = {
  'system.load1': { measurement: 'system', field: 'load1' },
  'system.load15': { measurement: 'system', field: 'load15' },
  'system.n_cpus': { measurement: 'system', field: 'n_cpus' },
  'cpu.usage_percent': { measurement: 'cpu', field: 'usage_percent' },
  'mem.used_bytes': { measurement: 'mem', field: 'used_bytes' },
  'mem.total_bytes': { measurement: 'mem', field: 'total_bytes' },
  'disk:/.used_percent': { measurement: 'disk', field: 'used_percent', mount: '/' },
  'disk:/var/lib.v2.used_bytes': { measurement: 'disk', field: 'used_bytes', mount: '/var/lib.v2' },
  '"disk:/a,b.inodes_used"': { measurement: 'disk', field: 'inodes_used', mount: '/a,b' },
  'disk:/x:y.total_bytes': { measurement: 'disk', field: 'total_bytes', mount: '/x:y' },
};
const column = fc.constantFrom(...Object.keys(COLUMNS));
const time = fc.oneof(
  fc.integer({ min: 0, max: 4_000_000_000 }).map((s) => ({ text: String(s), ms: s * 1000 })),
  fc.integer({ min: 100_000_000_000, max: 4_000_000_000_000 }).map((ms) => ({ text: String(ms), ms })),
  fc.integer({ min: 0, max: 4_000_000_000_000 }).map((ms) => ({ text: new Date(ms).toISOString(), ms })),
);

interface GoodCsv {
  columns: string[];
  host: string;
  rows: [{ text: string; ms: number }, (number | null)[]][];
}

/** A good CSV: a header and rows of numbers or empty cells, each row at its own time. */
const goodCsv: fc.Arbitrary<GoodCsv> = fc
  .tuple(fc.uniqueArray(column, { minLength: 1, maxLength: 5 }), fc.constantFrom('web1', 'db-2'))
  .chain(([columns, host]) =>
    fc.record({
      columns: fc.constant(columns),
      host: fc.constant(host),
      rows: fc.uniqueArray(
        fc.tuple(time, fc.array(fc.option(finiteDouble(), { freq: 5 }), { minLength: columns.length, maxLength: columns.length })),
        { selector: ([t]) => t.ms, maxLength: 6 },
      ),
    }),
  );

const rowText = (c: GoodCsv, [t, vs]: GoodCsv['rows'][number]) =>
  `${t.text},${c.host},${vs.map((v) => (v === null ? '' : String(v))).join(',')}`;
const render = (c: GoodCsv) => [`time,host,${c.columns.join(',')}`, ...c.rows.map((r) => rowText(c, r))].join('\n');

describe('backfill CSV parser, fuzzed', () => {
  it('never throws on malformed CSV, and what it returns is well-formed', () => {
    const body = fc.oneof(junk(ALPHABET, 150), mutated(goodCsv.map(render), ALPHABET), mutated(mutated(goodCsv.map(render), ALPHABET), ALPHABET));
    fuzz(
      'csv-backfill: malformed bodies',
      fc.tuple(body, fc.constantFrom(undefined, 'fallback', '')),
      ([b, host]) => {
        const r = parseBackfillCsv(b, { host });
        r.points.forEach((p) => assertWellFormedPoint(p));
        assertWellFormedErrors(r.errors, lineCount(b));
      },
      8_000,
    );
  });

  it('turns every value of a good CSV into its field, and reports every bad row by its line', () => {
    const badRow = fc.constantFrom('yesterday,web1', 'x', '1,web1,abc,1,1,1,1,1', '"open', '1,web1' + ',1'.repeat(9));
    fuzz(
      'csv-backfill: good rows with bad rows',
      fc.tuple(goodCsv, fc.array(fc.tuple(fc.nat(), badRow), { maxLength: 3 })),
      ([c, bads]) => {
        const entries: ({ bad: true; text: string } | { bad: false; row: GoodCsv['rows'][number] })[] = c.rows.map((row) => ({ bad: false, row }));
        for (const [at, text] of bads) entries.splice(at % (entries.length + 1), 0, { bad: true, text });
        const body = [`time,host,${c.columns.join(',')}`, ...entries.map((e) => (e.bad ? e.text : rowText(c, e.row)))].join('\n');
        const r = parseBackfillCsv(body);
        expect(r.errors.map((e) => e.line)).toEqual(entries.flatMap((e, i) => (e.bad ? [i + 2] : [])));
        let given = 0;
        for (const [t, values] of c.rows) {
          values.forEach((v, i) => {
            if (v === null) return;
            given++;
            const col = COLUMNS[c.columns[i] as string] as { measurement: string; field: string; mount?: string };
            const p = r.points.find((q) => q.measurement === col.measurement && q.tags.mount === col.mount && q.timeNs === BigInt(t.ms) * 1_000_000n);
            expect(p?.fields[col.field]).toEqual({ type: 'float', value: v });
            expect(p?.tags.host).toBe(c.host);
          });
        }
        // Only used_percent may be added (from used and total bytes); nothing else appears.
        const stored = r.points.flatMap((p) => Object.keys(p.fields).filter((k) => k !== 'used_percent' || p.measurement === 'disk' && p.tags.mount === '/'));
        expect(stored.length).toBe(given);
      },
      3_000,
    );
  });
});
