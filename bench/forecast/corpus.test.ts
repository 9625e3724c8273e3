import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CorpusSeries, DATA_DIR, LEFT_OUT, MIN_TRAIN_DAYS, originsOf, realCorpus } from './corpus.ts';
import { DEV_SERIES, halfOf, TEST_SERIES } from './corpus-split.ts';

const corpus: CorpusSeries[] = realCorpus();

describe('the dev/test split', () => {
  it('is disjoint and names exactly the series of the corpus', () => {
    expect(DEV_SERIES.filter((n) => TEST_SERIES.includes(n))).toEqual([]);
    expect([...DEV_SERIES, ...TEST_SERIES].sort()).toEqual(corpus.map((c) => c.name).sort());
  });

  it('puts electricity, bikes/transit, web-like activity and growth in both halves', () => {
    for (const half of ['dev', 'test'] as const) {
      const kinds = new Set(corpus.filter((c) => halfOf(c.name) === half).map((c) => c.kind));
      for (const kind of ['electricity', 'mobility', 'web', 'growth'] as const) expect(kinds, `${half} ${kind}`).toContain(kind);
    }
  });

  it('refuses a series it does not list', () => expect(() => halfOf('new-series')).toThrow(/neither half/));
});

describe('the real corpus', () => {
  it('uses every series file of ../shared/data or says why not', () => {
    const used = new Set(corpus.map((c) => c.file));
    const files = readdirSync(DATA_DIR, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.csv'))
      .map((e) => `${e.parentPath.slice(DATA_DIR.length).replace(/\/?$/, '/')}${e.name}`.replace(/^\//, ''));
    const unexplained = files.filter((f) => !used.has(f) && !Object.keys(LEFT_OUT).some((l) => f === l || (l.endsWith('/') && f.startsWith(l))));
    expect(files.length).toBeGreaterThan(30);
    expect(unexplained).toEqual([]);
  });

  it('holds daily series of at least two years each, gaps as NaN', () => {
    for (const c of corpus) {
      expect(c.series.stepMs, c.name).toBe(86_400_000);
      expect(c.series.values.length, c.name).toBeGreaterThan(730);
    }
    const kreuther = corpus.find((c) => c.name === 'munich-kreuther')!;
    expect(kreuther.series.values.some((v) => Number.isNaN(v))).toBe(true);
  });
});

describe('originsOf', () => {
  it('spaces origins a quarter apart, the last one a horizon before the end', () => {
    const o = originsOf(new Array(2000).fill(1), 180, 8);
    expect(o).toHaveLength(8);
    expect(o.at(-1)).toBe(2000 - 180);
    expect(o[1]! - o[0]!).toBe(91);
  });
  it('spreads origins over what a short series has, after a year of history', () => {
    const o = originsOf(new Array(862).fill(1), 180, 8);
    expect(o[0]).toBe(MIN_TRAIN_DAYS);
    expect(o.at(-1)).toBe(862 - 180);
    expect(o.length).toBeGreaterThanOrEqual(6);
  });
  it('gives every series of the corpus at least 6 origins for 180 days ahead', () => {
    for (const c of corpus) expect(originsOf(c.series.values, 180, 8).length, c.name).toBeGreaterThanOrEqual(6);
  });
});
