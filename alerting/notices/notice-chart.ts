import type { RunwayRow } from '../../forecast/job/runway-row.ts';
import { escapeHtml as esc } from '../impl/smtp-notifier-message.ts';
import { dateTicks, niceTicks } from './chart-axes.ts';
import type { Messages } from './messages.ts';
import type { NoticeFormat } from './notice-format.ts';
import { chartTerms, type ChartTerms } from './notice-metric.ts';
import type { NoticeSeries } from './notice-types.ts';

const DAY_MS = 86_400_000;
const W = 720;
const H = 340;
/** Right, top and bottom of the plot area; its left side follows the widest value label (plotBox). */
const PLOT_EDGES = { right: W - 18, top: 30, bottom: H - 74 };
/** The rotated axis title's centre, and the gaps around the value labels. */
const AXIS_TITLE_X = 14;
const AXIS_TITLE_HALF_HEIGHT = 7;
const LABEL_GAP = 8;
const TICK_LABEL_GAP = 6;
const COLOUR = { measured: '#37474f', forecast: '#1565c0', band: '#90caf9', threshold: '#c62828', today: '#616161', grid: '#e0e0e0', text: '#212121' };
/** Average advance of a DejaVu Sans character at 12 px, generous, for laying out labels without measuring them. */
const CHAR_PX = 7.2;
const FONT = 'font-family="DejaVu Sans, Arial, Helvetica, sans-serif"';

export interface ChartSpec {
  row: RunwayRow;
  series: NoticeSeries;
  nowMs: number;
  m: Messages;
  fmt: NoticeFormat;
  /** Makes ids unique when several charts share a document. */
  id: string;
}

interface Plot {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

interface Scale {
  terms: ChartTerms;
  plot: Plot;
  x(ms: number): number;
  y(v: number): number;
  fromMs: number;
  toMs: number;
  yTicks: number[];
}

/**
 * One shortage as an inline SVG chart: the daily history, the forecast with its band, the
 * threshold, and the likely crossing marked with its date (its earliest–latest span shaded).
 * Plain SVG 1.1 with presentation attributes, so it prints and survives HTML sanitisers that drop <style>.
 * Null when there is nothing to draw.
 */
export function shortageChart(spec: ChartSpec): string | null {
  const scale = scaleFor(spec);
  if (!scale) return null;
  const { row } = spec;
  const { plot, terms } = scale;
  const thresholdLabel = terms.threshold;
  const title = `${terms.heading}: ${thresholdLabel}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${spec.id}-title" ${FONT} font-size="12" fill="${COLOUR.text}">`,
    `<title id="${spec.id}-title">${esc(title)}</title>`,
    `<defs><clipPath id="${spec.id}-plot"><rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}"/></clipPath></defs>`,
    axes(spec, scale),
    `<g clip-path="url(#${spec.id}-plot)">`,
    crossingSpan(spec, scale),
    band(spec, scale),
    line(spec.series.history, scale, `stroke="${COLOUR.measured}" stroke-width="1.6"`, 'measured'),
    line(spec.series.forecast.filter((p) => p.timeMs <= scale.toMs), scale, `stroke="${COLOUR.forecast}" stroke-width="2" stroke-dasharray="6 4"`, 'forecast'),
    `<line class="threshold" x1="${plot.left}" x2="${plot.right}" y1="${f(scale.y(row.threshold))}" y2="${f(scale.y(row.threshold))}" stroke="${COLOUR.threshold}" stroke-width="1.5" stroke-dasharray="3 3"/>`,
    '</g>',
    `<text x="${plot.left + 6}" y="${f(scale.y(row.threshold) - 6)}" fill="${COLOUR.threshold}" font-weight="bold">${esc(thresholdLabel)}</text>`,
    today(spec, scale),
    crossingMarker(spec, scale),
    legend(spec, thresholdLabel, scale),
    '</svg>',
  ].join('\n');
}

function scaleFor(spec: ChartSpec): Scale | null {
  const { row, series, nowMs } = spec;
  const terms = chartTerms(row, spec.m, spec.fmt);
  const times = [...series.history.map((p) => p.timeMs), ...series.forecast.map((p) => p.timeMs)];
  if (times.length === 0) return null;
  const fromMs = Math.min(...times, nowMs - 14 * DAY_MS);
  // Enough future to show the crossing and its latest date with some air, not the whole horizon.
  const wanted = Math.max((row.crossing.latest ?? row.crossing.likely ?? nowMs) + 21 * DAY_MS, nowMs + 30 * DAY_MS);
  const toMs = Math.min(Math.max(...times, nowMs), wanted);
  const shown = series.forecast.filter((p) => p.timeMs <= toMs);
  const values = [...series.history.map((p) => p.value), ...shown.flatMap((p) => [p.lower, p.upper]), row.threshold].filter(Number.isFinite);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const pad = (hi - lo) * 0.08 || 1;
  // Percentages keep to 0–100 and show where they stand; a load starts at zero, as its cores do.
  lo = terms.percent ? Math.max(0, lo - pad) : 0;
  hi = terms.percent ? Math.min(100, hi + pad) : hi + pad;
  const ticks = niceTicks(lo, hi, 5);
  const yMin = Math.max(terms.percent ? 0 : ticks.min, ticks.min);
  const yMax = terms.percent ? Math.min(100, ticks.max) : ticks.max;
  const yTicks = ticks.ticks.filter((t) => t >= yMin && t <= yMax);
  const plot = plotBox(yTicks.map((t) => valueLabel(terms, spec.fmt, t)));
  const span = toMs - fromMs || DAY_MS;
  return {
    terms,
    plot,
    fromMs,
    toMs,
    x: (ms) => plot.left + ((ms - fromMs) / span) * (plot.right - plot.left),
    y: (v) => plot.bottom - ((v - yMin) / (yMax - yMin)) * (plot.bottom - plot.top),
    yTicks,
  };
}

/** The plot area, its left side clear of the rotated axis title and of the widest value label. */
function plotBox(valueLabels: readonly string[]): Plot {
  const widest = Math.max(0, ...valueLabels.map((l) => l.length * CHAR_PX));
  return { ...PLOT_EDGES, left: Math.ceil(AXIS_TITLE_X + AXIS_TITLE_HALF_HEIGHT + LABEL_GAP + widest + TICK_LABEL_GAP) };
}

function valueLabel(terms: ChartTerms, fmt: NoticeFormat, v: number): string {
  return terms.percent ? fmt.percent(v, 1) : fmt.number(v, 1);
}

function axes(spec: ChartSpec, s: Scale): string {
  const { fmt } = spec;
  const plot = s.plot;
  const out: string[] = [];
  for (const t of s.yTicks) {
    const y = f(s.y(t));
    out.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${y}" y2="${y}" stroke="${COLOUR.grid}"/>`);
    out.push(`<text x="${plot.left - TICK_LABEL_GAP}" y="${y}" text-anchor="end" dominant-baseline="middle">${esc(valueLabel(s.terms, fmt, t))}</text>`);
  }
  let freeFromX = 0;
  dateTicks(s.fromMs, s.toMs).forEach((t, i) => {
    const x = s.x(t);
    const january = new Date(t).getUTCMonth() === 0 && new Date(t).getUTCDate() === 1;
    const label = fmt.tick(t, i === 0 || january);
    out.push(`<line class="x-tick" x1="${f(x)}" x2="${f(x)}" y1="${plot.bottom}" y2="${plot.bottom + 5}" stroke="${COLOUR.text}"/>`);
    // A label that would touch the previous one (a year makes labels wide) is left out; its tick stays.
    const half = (label.length * CHAR_PX) / 2;
    const centre = Math.min(x, W - half - 2);
    if (centre - half < freeFromX) return;
    out.push(`<text class="x-label" x="${f(centre)}" y="${plot.bottom + 18}" text-anchor="middle">${esc(label)}</text>`);
    freeFromX = centre + half + 8;
  });
  out.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}" stroke="${COLOUR.text}"/>`);
  out.push(`<line x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" y2="${plot.bottom}" stroke="${COLOUR.text}"/>`);
  const yMid = (plot.top + plot.bottom) / 2;
  out.push(`<text x="${AXIS_TITLE_X}" y="${yMid}" transform="rotate(-90 ${AXIS_TITLE_X} ${yMid})" text-anchor="middle">${esc(s.terms.axis)}</text>`);
  return out.join('\n');
}

function band({ series }: ChartSpec, s: Scale): string {
  const pts = series.forecast.filter((p) => p.timeMs <= s.toMs && Number.isFinite(p.lower) && Number.isFinite(p.upper));
  if (pts.length < 2) return '';
  const upper = pts.map((p) => `${f(s.x(p.timeMs))},${f(s.y(p.upper))}`);
  const lower = [...pts].reverse().map((p) => `${f(s.x(p.timeMs))},${f(s.y(p.lower))}`);
  return `<polygon class="band" points="${[...upper, ...lower].join(' ')}" fill="${COLOUR.band}" fill-opacity="0.45" stroke="none"/>`;
}

function line(points: readonly { timeMs: number; value: number }[], s: Scale, style: string, cls: string): string {
  const pts = points.filter((p) => Number.isFinite(p.value));
  if (pts.length === 0) return '';
  const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${f(s.x(p.timeMs))},${f(s.y(p.value))}`).join(' ');
  return `<path class="${cls}" d="${d}" fill="none" ${style} stroke-linejoin="round"/>`;
}

function crossingSpan({ row }: ChartSpec, s: Scale): string {
  const plot = s.plot;
  const { earliest, latest } = row.crossing;
  if (earliest === null || latest === null) return '';
  const x1 = s.x(Math.max(earliest, s.fromMs));
  const x2 = s.x(Math.min(latest, s.toMs));
  return `<rect x="${f(x1)}" y="${plot.top}" width="${f(Math.max(1, x2 - x1))}" height="${plot.bottom - plot.top}" fill="${COLOUR.threshold}" fill-opacity="0.08"/>`;
}

function crossingMarker({ row, m, fmt }: ChartSpec, s: Scale): string {
  const likely = row.crossing.likely;
  if (likely === null || likely < s.fromMs || likely > s.toMs) return '';
  const plot = s.plot;
  const x = s.x(likely);
  const y = s.y(row.threshold);
  const anchor = x > plot.right - 120 ? 'end' : x < plot.left + 120 ? 'start' : 'middle';
  return [
    `<line x1="${f(x)}" x2="${f(x)}" y1="${plot.top}" y2="${plot.bottom}" stroke="${COLOUR.threshold}" stroke-width="1"/>`,
    `<circle class="crossing" cx="${f(x)}" cy="${f(y)}" r="5" fill="${COLOUR.threshold}" stroke="#fff" stroke-width="1.5"/>`,
    `<text class="crossing-label" x="${f(x)}" y="${plot.top - 10}" text-anchor="${anchor}" fill="${COLOUR.threshold}" font-weight="bold">${esc(m.chart.expected(fmt.date(likely)))}</text>`,
  ].join('\n');
}

function today({ nowMs, m }: ChartSpec, s: Scale): string {
 if (nowMs < s.fromMs || nowMs > s.toMs) return '';
  const x = f(s.x(nowMs));
  return `<line x1="${x}" x2="${x}" y1="${s.plot.top}" y2="${s.plot.bottom}" stroke="${COLOUR.today}" stroke-dasharray="2 3"/>
<text x="${x}" y="${s.plot.bottom - 6}" text-anchor="end" fill="${COLOUR.today}" font-size="11" dx="-4">${esc(m.chart.today)}</text>`;
}

/** One row under the axis, from the chart's left edge (not the plot's), so even the German labels fit in it. */
function legend({ m }: ChartSpec, thresholdLabel: string, s: Scale): string {
  const items: [string, string][] = [
    [s.terms.measured, `<line x1="0" x2="22" y1="0" y2="0" stroke="${COLOUR.measured}" stroke-width="2"/>`],
    [m.chart.forecast, `<line x1="0" x2="22" y1="0" y2="0" stroke="${COLOUR.forecast}" stroke-width="2" stroke-dasharray="6 4"/>`],
    [m.chart.band, `<rect x="0" y="-6" width="22" height="12" fill="${COLOUR.band}" fill-opacity="0.45"/>`],
    [thresholdLabel, `<line x1="0" x2="22" y1="0" y2="0" stroke="${COLOUR.threshold}" stroke-width="1.5" stroke-dasharray="3 3"/>`],
  ];
  const left = AXIS_TITLE_X - AXIS_TITLE_HALF_HEIGHT;
  let x = left;
  let y = s.plot.bottom + 42;
  const out: string[] = [];
  for (const [label, swatch] of items) {
    const width = 28 + label.length * CHAR_PX;
    if (x + width > W && x > left) {
      x = left;
      y += 20;
    }
    out.push(`<g transform="translate(${x} ${y})">${swatch}<text x="28" y="0" dominant-baseline="middle">${esc(label)}</text></g>`);
    x += width + 22;
  }
  return `<g class="legend" font-size="12">${out.join('')}</g>`;
}

const f = (v: number): string => (Math.round(v * 10) / 10).toString();
