import type { RunwayRow } from '../../forecast/job/runway-row.ts';
import type { Messages } from './messages.ts';
import type { NoticeFormat } from './notice-format.ts';

/** What a chart of one resource calls its parts, in the reader's language. */
export interface ChartTerms {
  /** The section's heading: what the chart's title names. */
  heading: string;
  axis: string;
  /** The legend of the measured line: a daily maximum, or the CPU's daily 95th percentile. */
  measured: string;
  /** The threshold line's label: "Full at 90 %", "Limit 85 %", "8 cores". */
  threshold: string;
  /** Whether values are percentages (0 to 100), shown as such on the axis. */
  percent: boolean;
}

export const mountOf = (row: RunwayRow): string => row.mount ?? row.resource.replace(/^(disk|inodes)\s*/, '');

/** The heading of a resource's section, also its chart's title. */
export function headingOf(row: RunwayRow, m: Messages): string {
  switch (row.metric) {
    case 'disk_used_percent': return m.diskHeading({ host: row.host, mount: mountOf(row) });
    case 'load_daily_max': return m.loadHeading({ host: row.host });
    case 'mem_used_percent': return m.memory.heading({ host: row.host });
    case 'cpu_p95_percent': return m.cpu.heading({ host: row.host });
    case 'inodes_used_percent': return m.inodes.heading({ host: row.host, mount: mountOf(row) });
  }
}

export function chartTerms(row: RunwayRow, m: Messages, fmt: NoticeFormat): ChartTerms {
  const heading = headingOf(row, m);
  const percent = (axis: string, threshold: string, measured = m.chart.measured): ChartTerms => ({ heading, axis, measured, threshold, percent: true });
  const at = fmt.percent(row.threshold, 0);
  switch (row.metric) {
    case 'disk_used_percent': return percent(m.chart.diskAxis, m.chart.full(at));
    case 'load_daily_max': return { heading, axis: m.chart.loadAxis, measured: m.chart.measured, threshold: m.chart.cores(row.threshold), percent: false };
    case 'mem_used_percent': return percent(m.chart.memoryAxis, m.chart.limit(at));
    case 'cpu_p95_percent': return percent(m.chart.cpuAxis, m.chart.limit(at), m.chart.measuredP95);
    case 'inodes_used_percent': return percent(m.chart.inodesAxis, m.chart.full(at));
  }
}
