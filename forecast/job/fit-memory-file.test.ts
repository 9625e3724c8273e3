import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunwayRow } from '../../core/runway-row.ts';
import type { FitMemory, HostFit } from './forecast-job.ts';
import { forecastCodeVersion, loadFitMemory, saveFitMemory } from './fit-memory-file.ts';

const quiet = { info() {}, error() {} };
const fileIn = (): string => join(mkdtempSync(join(tmpdir(), 'fit-memory-')), 'fit-memory.ndjson');

function fit(host: string): HostFit {
  const row = { customer: 'acme', host, resource: 'load', metric: 'load_daily_max', current: Number.NaN, threshold: 8, crossing: { earliest: 1, likely: null, latest: null }, daysLeft: null, driver: null, growthPerDay: 0, peakForecast: 3, model: 'seasonal-linear', run: 'r', computedAtMs: 5 } satisfies RunwayRow;
  return { hash: `h-${host}`, fitToMs: 86_400_000, fittedAtMs: 90_000_000, markSeenMs: -Infinity, rows: [row], failures: [], bands: [[`load\u0000acme\u0000${host}\u0000`, [[86_400_000, 1, Infinity]]]] };
}

describe('fit memory file', () => {
  it('reads back what was saved, NaN and infinities included; nothing without a file', async () => {
    const path = fileIn();
    expect((await loadFitMemory(path, 'v1', quiet)).hosts.size).toBe(0);
    const memory: FitMemory = { days: { fromMs: 0, toMs: 86_400_000 }, hosts: new Map(['web1', 'db1'].map((h) => [h, fit(h)])) };
    await saveFitMemory(path, memory, 'v1');
    expect(await loadFitMemory(path, 'v1', quiet)).toEqual(memory);
  });

  it('keeps nothing written by other code, and loses only the host of a damaged line', async () => {
    const path = fileIn();
    const said: string[] = [];
    const log = { info: (_: object, m: string) => said.push(m), error: (_: object, m: string) => said.push(m) };
    await saveFitMemory(path, { days: { fromMs: 0, toMs: 86_400_000 }, hosts: new Map(['web1', 'db1'].map((h) => [h, fit(h)])) }, 'v1');
    expect((await loadFitMemory(path, 'v2', log)).hosts.size).toBe(0);
    expect(said.pop()).toMatch(/written by other forecasting code; every host is fitted/);
    const lines = readFileSync(path, 'utf8').split('\n');
    writeFileSync(path, [lines[0], lines[1]!.slice(0, 40), lines[2]].join('\n'));
    expect([...(await loadFitMemory(path, 'v1', log)).hosts.keys()]).toEqual(['db1']);
    expect(said).toContainEqual(expect.stringMatching(/1 damaged line\(s\) left out/));
  });

  it("fingerprints what the forecast job imports and the packages it names, and nothing else", async () => {
    const root = mkdtempSync(join(tmpdir(), 'code-'));
    const put = (file: string, text: string): void => {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    };
    put('package.json', JSON.stringify({ dependencies: { 'date-holidays': '^3', fastify: '^5' } }));
    put('node_modules/date-holidays/package.json', JSON.stringify({ version: '3.26.0' }));
    put('node_modules/fastify/package.json', JSON.stringify({ version: '5.0.0' }));
    put('forecast/job/forecast-job.ts', "import { a } from './a.ts';\nimport type {\n  B,\n} from '../../core/b.ts';\nexport const job = a;");
    put('forecast/job/a.ts', "export const a = 1;\nexport const load = () => import('../later.ts');");
    put('forecast/later.ts', "const lib = require('date-holidays');");
    put('core/b.ts', 'export type B = number;');
    put('core/impl/influx-http-store.ts', "import { c } from '../c.ts';");
    put('core/c.ts', 'export const c = 1;');
    put('core/unrelated.ts', 'export const u = 1;');
    put('forecast/job/a.test.ts', "import { a } from './a.ts';");
    const v1 = await forecastCodeVersion(root);
    // Neither a file the job does not import, nor a test, nor a package it does not name.
    put('core/unrelated.ts', 'export const u = 2;');
    put('forecast/job/a.test.ts', 'test');
    put('node_modules/fastify/package.json', JSON.stringify({ version: '5.1.0' }));
    expect(await forecastCodeVersion(root)).toBe(v1);
    // Each file reached (a type import, a dynamic import, the store's own imports) and each package named.
    for (const [file, text] of [['core/b.ts', 'export type B = string;'], ['forecast/later.ts', "const lib = require('date-holidays'); // changed"], ['core/c.ts', 'export const c = 2;'], ['node_modules/date-holidays/package.json', JSON.stringify({ version: '3.27.0' })]] as const) {
      const before = await forecastCodeVersion(root);
      put(file, text);
      expect(await forecastCodeVersion(root), file).not.toBe(before);
    }
  });
});
