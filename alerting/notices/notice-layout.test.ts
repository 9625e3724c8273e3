import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../core/inventory/inventory.ts';
import { CHROMIUM, chartLayout, overlaps, type ChartLayout } from './chromium-layout.ts';
import { fixtureInput, resourcesInput } from './notice-fixtures.ts';
import { tightDiskInput } from './notice-layout-fixtures.ts';
import { renderNotice } from './render-notice.ts';
import type { NoticeInput } from './notice-types.ts';

const LANGUAGES: Language[] = ['da', 'sv', 'de', 'en'];
/** The usual notice (a disk and a Christmas load peak), a disk at 88.7 % whose ticks need decimals, and memory, CPU and inodes. */
const INPUTS: [string, (l: Language) => NoticeInput][] = [['disk and load', fixtureInput], ['disk with decimal ticks', tightDiskInput], ['memory, CPU and inodes', resourcesInput]];
const CASES = LANGUAGES.flatMap((language) => INPUTS.map(([name, input]) => [language, name, input] as const));

function expectClean(layout: ChartLayout): void {
  expect(overlaps(layout).map(([a, b]) => `"${a.text}" × "${b.text}"`)).toEqual([]);
  for (const t of layout.texts) {
    const chart = layout.charts[t.chart]!;
    const inside = t.left >= chart.left - 0.5 && t.right <= chart.right + 0.5 && t.top >= chart.top - 0.5 && t.bottom <= chart.bottom + 0.5;
    expect(inside, `"${t.text}" leaves its chart`).toBe(true);
  }
}

describe('a notice laid out in headless Chromium, in every language', () => {
  it.each(CASES)('%s, %s: no two texts of a chart overlap, every text stays inside it, every tick is labelled', (_language, _name, input) => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: ./scripts/test installs Debian's chromium`).toBe(true);
    const notice = renderNotice(input(_language));
    const layout = chartLayout(notice.html);
    expect(layout.charts.length).toBeGreaterThanOrEqual(1);
    expect(layout.texts.length).toBeGreaterThan(10 * layout.charts.length);
    expectClean(layout);
    // Regular ticks, each with its label: as many labels as tick marks, all on the 1st of a month here.
    const ticks = notice.html.match(/class="x-tick"/g)?.length ?? 0;
    expect(notice.html.match(/class="x-label"/g)?.length).toBe(ticks);
    expect(ticks).toBeGreaterThanOrEqual(4);
  });

  it.each(LANGUAGES)('%s: the legend stays on one line, also with the CPU chart\'s longer label', (language) => {
    const html = renderNotice(fixtureInput(language, { rows: [...fixtureInput(language).rows, ...resourcesInput(language).rows], series: new Map([...fixtureInput(language).series, ...resourcesInput(language).series]) })).html;
    const legends = [...html.matchAll(/<g class="legend"[^>]*>(.*?)<\/g><\/g>/g)].map((m) => [...m[1]!.matchAll(/translate\([\d.]+ ([\d.]+)\)/g)].map((t) => t[1]));
    expect(legends.length).toBe(5);
    for (const rows of legends) expect(new Set(rows).size, rows.join(',')).toBe(1);
  });
});
