import type { RunwayRow } from '../../forecast/job/runway-row.ts';
import { memoryCause } from '../resource-proposals.ts';
import { capacityOutcome, coresToAdd, cpuWhatIf, diskWhatIf, inodesWhatIf, memoryWhatIf, roundFiles, type CapacityWhatIf } from '../what-if.ts';
import { seasonName, type Messages } from './messages.ts';
import { shortageChart } from './notice-chart.ts';
import type { NoticeFormat, When } from './notice-format.ts';
import { headingOf, mountOf } from './notice-metric.ts';
import { noticeRowKey, type NoticeInput } from './notice-types.ts';

/** One shortage as the letter tells it. */
export interface NoticeSection {
  heading: string;
  /** When it happens, and the season behind it if any. */
  what: string;
  /** Where it stands today. */
  now: string;
  meaning: string;
  proposal: string;
  /** Inline SVG, or null with `noChart` saying why. */
  chart: string | null;
  noChart: string;
}

/** The sentences of one resource: what happens when, where it stands, what it means, what we propose. */
type Text = Pick<NoticeSection, 'what' | 'now' | 'meaning' | 'proposal'>;

interface Facts {
  row: RunwayRow;
  m: Messages;
  fmt: NoticeFormat;
  when: When;
  /** The earliest date: what is proposed should be done before it. */
  before: string;
}

/** A shortage's section; `extra` (pool sentences) follows its proposal. */
export function noticeSection(row: RunwayRow, index: number, input: NoticeInput, m: Messages, fmt: NoticeFormat, extra: readonly string[] = []): NoticeSection {
  const likely = row.crossing.likely ?? input.nowMs;
  // The band as it is: a latest date the forecast never reaches is not the likely one.
  const when = { date: fmt.date(likely), earliest: fmt.date(row.crossing.earliest ?? likely), latest: row.crossing.latest === null ? null : fmt.date(row.crossing.latest) };
  const season = seasonName(row.driver, m);
  const text = TEXT[row.metric]({ row, m, fmt, when, before: fmt.date(row.crossing.earliest ?? likely) });
  const series = input.series.get(noticeRowKey(row));
  return {
    heading: headingOf(row, m),
    what: season ? `${text.what} ${m.seasonDriver(season)}` : text.what,
    now: text.now,
    meaning: text.meaning,
    proposal: [text.proposal, ...extra].join(' '),
    chart: series ? shortageChart({ row, series, nowMs: input.nowMs, m, fmt, id: `shortage-${index + 1}` }) : null,
    noChart: m.chart.noData,
  };
}

const TEXT: Record<RunwayRow['metric'], (f: Facts) => Text> = {
  disk_used_percent: ({ row, m, fmt, when }) => {
    const whatIf = diskWhatIf(row);
    const proposal = whatIf ? m.diskProposal({ extra: fmt.gigabytes(whatIf.extraBytes), from: when.date, to: fmt.date(whatIf.newCrossingMs) }) : m.diskProposalPlain;
    return {
      what: m.diskFull({ ...when, host: row.host, mount: mountOf(row), threshold: fmt.percent(row.threshold, 0) }),
      now: m.diskNow({ current: fmt.percent(row.current, 1), growth: fmt.number(row.growthPerDay, 2) }),
      meaning: m.diskMeaning,
      proposal: `${proposal} ${m.diskCleanup}`,
    };
  },
  load_daily_max: ({ row, m, fmt, when, before }) => ({
    what: m.loadOver({ ...when, host: row.host, cores: row.threshold }),
    now: m.loadNow({ current: fmt.number(row.current, 1), peak: fmt.number(row.peakForecast, 1) }),
    meaning: m.loadMeaning,
    proposal: m.loadProposal({ cores: coresToAdd(row), before }),
  }),
  mem_used_percent: (f) => {
    const { row, m, fmt, when } = f;
    const gib = fmt.gibibytes;
    const w = memoryWhatIf(row);
    const cause = memoryCause(row);
    // A leak is not fixed by more memory: the letter says so instead of selling RAM.
    const proposal =
      cause === 'leak' ? [m.memory.leak]
      : [
          ...(cause === 'traffic' ? [m.memory.traffic] : []),
          w && row.totalBytes ? `${m.memory.proposal({ extra: gib(w.extra), before: gib(row.totalBytes), after: gib(row.totalBytes + w.extra) })} ${outcomeText(f, w)}` : m.memory.proposalPlain,
        ];
    return {
      what: m.memory.over({ ...when, host: row.host, threshold: fmt.percent(row.threshold, 0) }),
      now: m.memory.now({ current: fmt.percent(row.current, 1), peak: fmt.percent(row.peakForecast, 1), ram: row.totalBytes ? gib(row.totalBytes) : null }),
      meaning: m.memory.meaning,
      proposal: proposal.join(' '),
    };
  },
  cpu_p95_percent: (f) => {
    const { row, m, fmt, when, before } = f;
    const w = cpuWhatIf(row);
    return {
      what: m.cpu.over({ ...when, host: row.host, threshold: fmt.percent(row.threshold, 0) }),
      now: m.cpu.now({ current: fmt.percent(row.current, 1), peak: fmt.percent(row.peakForecast, 1) }),
      meaning: m.cpu.meaning,
      proposal: w && row.cores ? `${m.cpu.proposal({ cores: w.extra, from: row.cores, to: row.cores + w.extra, before })} ${outcomeText(f, w)} ${m.cpu.orMove}` : m.cpu.proposalPlain({ before }),
    };
  },
  inodes_used_percent: ({ row, m, fmt, when }) => {
    const w = inodesWhatIf(row);
    const proposal = w ? m.inodes.proposal({ files: fmt.number(w.filesRemoved, 0), from: when.date, to: fmt.date(w.newCrossingMs) }) : m.inodes.proposalPlain;
    return {
      what: m.inodes.full({ ...when, host: row.host, mount: mountOf(row), threshold: fmt.percent(row.threshold, 0) }),
      now: m.inodes.now({ current: fmt.percent(row.current, 1), files: w ? fmt.number(roundFiles(w.filesPerDay), 0) : null }),
      meaning: m.inodes.meaning,
      proposal: `${proposal} ${m.inodes.cleanup}`,
    };
  },
};

/** What more RAM or cores does, as alerting/what-if.ts works it out: a later date, or a lower peak. */
function outcomeText({ row, m, fmt }: Facts, w: CapacityWhatIf): string {
  const o = capacityOutcome(row, w);
  if (o.kind === 'moves') return m.whatIf.moves({ from: fmt.date(o.fromMs), to: fmt.date(o.toMs) });
  const p = { peak: fmt.percent(o.peakPercent, 0), threshold: fmt.percent(row.threshold, 0) };
  return o.under ? m.whatIf.peakUnder(p) : m.whatIf.peakOver(p);
}
