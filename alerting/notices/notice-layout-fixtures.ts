/** For tests: notices whose charts are hard to lay out (decimal ticks, a span of a few months). */
import type { Language } from '../../core/inventory/inventory.ts';
import { NOW_MS, runwayRow } from '../test-rows.ts';
import { fixtureInput } from './notice-fixtures.ts';
import { noticeRowKey, type NoticeInput } from './notice-types.ts';

const DAY_MS = 86_400_000;

/** A disk at 88.7 %, creeping to 90 % in four weeks: ticks such as "88,5 %" and about five months of axis. */
export function tightDiskInput(language: Language): NoticeInput {
  const row = runwayRow({ daysLeft: 28, current: 88.7, growthPerDay: 0.045, peakForecast: 90.1 });
  const history = Array.from({ length: 91 }, (_, i) => i - 90).map((d) => ({ timeMs: NOW_MS + d * DAY_MS, value: 88.7 + 0.0045 * d + 0.05 * Math.sin(d * 1.3) }));
  const forecast = Array.from({ length: 30 }, (_, i) => i + 1).map((d) => {
    const value = 88.7 + 0.045 * d;
    return { timeMs: NOW_MS + d * DAY_MS, value, lower: value - 0.02 - 0.003 * d, upper: value + 0.02 + 0.003 * d };
  });
  return fixtureInput(language, { rows: [row], series: new Map([[noticeRowKey(row), { history, forecast }]]) });
}
