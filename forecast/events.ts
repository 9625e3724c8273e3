import { csvRows } from '../core/csv-rows.ts';
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
  /** The customer or host it concerns (one shop's campaign, one server's migration); absent: all. */
  scope?: string;
}

/** A custom event as the forecast learns it: a holiday range, with the customer or host it concerns. */
export interface EventRange extends HolidayRange {
  scope?: string;
}

/** Whether an event concerns the series of this customer and host. */
export const concerns = (event: EventRange, tags: { customer?: string; host?: string }): boolean =>
  event.scope === undefined || event.scope === tags.customer || event.scope === tags.host;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;
/** Customer and host names as collectors tag them. */
const SCOPE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/**
 * Custom events as holiday ranges, ready for ModelOptions.holidays or the forecast job's `events`.
 * Names are prefixed "event:" so they never merge with a calendar holiday. Past occurrences teach
 * the effect; future ones make the forecast show it. Throws RUNWAY_ERR_FORECAST_EVENT for a bad one.
 */
export function customEventRanges(events: readonly CustomEvent[]): EventRange[] {
  return events.map((e, i) => {
    const where = `event ${i + 1}`;
    if (typeof e.name !== 'string' || !NAME.test(e.name)) throw eventError(where, `name "${String(e.name)}" must be 1–64 letters, digits, space, _ . -`);
    if (e.scope !== undefined && (typeof e.scope !== 'string' || !SCOPE.test(e.scope))) throw eventError(where, `scope "${String(e.scope)}" must be a customer or host name (letters, digits, _ . : -)`);
    const startMs = parseTime(e.start, where, 'start');
    const endText = e.end ?? e.start;
    const endMs = parseTime(endText, where, 'end') + (DATE.test(endText) ? DAY_MS : 0);
    if (!(endMs > startMs)) throw eventError(where, `end ${endText} is before start ${e.start}`);
    return { name: `event:${e.name}`, startMs, endMs, ...(e.scope !== undefined ? { scope: e.scope } : {}) };
  });
}

/**
 * The events file: CSV with a header `name,start,end,scope` (end and scope optional per row, the
 * scope column optional in the file), one occurrence per line, dates as YYYY-MM-DD (end inclusive)
 * or ISO date-times (end exclusive), `#` comments, cells "quoted" as core/csv-rows.ts reads them.
 * A scope names the customer or host the event concerns; without one it concerns every series.
 */
export function parseEventsCsv(text: string, path: string): EventRange[] {
  const { rows, errors } = csvRows(text, { comments: true });
  const unreadable = errors[0];
  if (unreadable !== undefined) throw new RunwayError('RUNWAY_ERR_FORECAST_EVENT', { where: `${path} line ${unreadable.line}`, reason: unreadable.message });
  const events: CustomEvent[] = [];
  rows.forEach(({ cells, line }, i) => {
    const where = `${path} line ${line}`;
    if (i === 0 && cells[0]?.toLowerCase() === 'name') return;
    if (cells.length < 2 || cells.length > 4) throw new RunwayError('RUNWAY_ERR_FORECAST_EVENT', { where, reason: 'expected name,start[,end[,scope]]' });
    const [name, start, end, scope] = cells as [string, string, string?, string?];
    try {
      events.push({ name, start, ...(end ? { end } : {}), ...(scope ? { scope } : {}) });
      customEventRanges([events.at(-1)!]);
    } catch (e) {
      const reason = e instanceof RunwayError ? String(e.details.reason) : (e as Error).message;
      throw new RunwayError('RUNWAY_ERR_FORECAST_EVENT', { where, reason }, { cause: e });
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
