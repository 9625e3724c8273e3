import { RunwayError } from '../core/errors.ts';
import type { HolidayRange } from './model.ts';
import { DAY_MS } from './series.ts';

/** A custom event as the API takes it: a campaign, a migration, a sale. */
export interface CustomEvent {
  /** Occurrences with the same name share one learnt effect. */
  name: string;
  /** ISO 8601 date (a whole UTC day) or date-time. */
  start: string;
  /** Inclusive last day for a date; exclusive end for a date-time. Default: the start day only. */
  end?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;

/**
 * Custom events as holiday ranges, ready for ModelOptions.holidays or the forecast job's `events`.
 * Names are prefixed "event:" so they never merge with a calendar holiday. Past occurrences teach
 * the effect; future ones make the forecast show it. Throws RUNWAY_ERR_FORECAST_EVENT for a bad one.
 */
export function customEventRanges(events: readonly CustomEvent[]): HolidayRange[] {
  return events.map((e, i) => {
    const where = `event ${i + 1}`;
    if (typeof e.name !== 'string' || !NAME.test(e.name)) throw eventError(where, `name "${String(e.name)}" must be 1–64 letters, digits, space, _ . -`);
    const startMs = parseTime(e.start, where, 'start');
    const endText = e.end ?? e.start;
    const endMs = parseTime(endText, where, 'end') + (DATE.test(endText) ? DAY_MS : 0);
    if (!(endMs > startMs)) throw eventError(where, `end ${endText} is before start ${e.start}`);
    return { name: `event:${e.name}`, startMs, endMs };
  });
}

/**
 * The --events file: CSV with a header `name,start,end` (end optional per row), one occurrence per
 * line, dates as YYYY-MM-DD (end inclusive) or ISO date-times (end exclusive), `#` comments.
 */
export function parseEventsCsv(text: string, path: string): HolidayRange[] {
  const rows = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const events: CustomEvent[] = [];
  let header = true;
  rows.forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const fields = trimmed.split(',').map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
    if (header) {
      header = false;
      if (fields[0]?.toLowerCase() === 'name') return;
    }
    if (fields.length < 2 || fields.length > 3) throw new RunwayError('RUNWAY_ERR_FORECAST_EVENT', { where: `${path} line ${i + 1}`, reason: 'expected name,start[,end]' });
    try {
      events.push({ name: fields[0]!, start: fields[1]!, ...(fields[2] ? { end: fields[2] } : {}) });
      customEventRanges([events.at(-1)!]);
    } catch (e) {
      const reason = e instanceof RunwayError ? String(e.details.reason) : (e as Error).message;
      throw new RunwayError('RUNWAY_ERR_FORECAST_EVENT', { where: `${path} line ${i + 1}`, reason }, { cause: e });
    }
  });
  return customEventRanges(events);
}

function parseTime(text: string | undefined, where: string, field: string): number {
  const ms = typeof text === 'string' && /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(DATE.test(text) ? `${text}T00:00:00Z` : text) : NaN;
  if (!Number.isFinite(ms)) throw eventError(where, `${field} "${String(text)}" is not an ISO 8601 date or date-time`);
  return ms;
}

const eventError = (where: string, reason: string): RunwayError => new RunwayError('RUNWAY_ERR_FORECAST_EVENT', { where, reason });
