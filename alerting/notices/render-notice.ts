import type { RunwayRow } from '../../forecast/job/runway-row.ts';
import { messagesFor, seasonName, type Messages } from './messages.ts';
import { shortageChart } from './notice-chart.ts';
import { noticeFormat, type NoticeFormat } from './notice-format.ts';
import { noticeHtml } from './notice-html.ts';
import { noticeRowKey, type Notice, type NoticeInput } from './notice-types.ts';
import { coresToAdd, diskWhatIf } from '../what-if.ts';

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

/** The letter's parts, in the customer's language, before they become HTML or text. */
export interface NoticeLetter {
  lang: string;
  subject: string;
  date: string;
  company: string;
  greeting: string;
  intro: string;
  sections: NoticeSection[];
  labels: { meaning: string; proposal: string };
  closing: string;
  signature: string[];
}

/**
 * A customer's notice about the shortages expected within the next days: subject, a standalone
 * printable HTML document (also the HTML body of the e-mail), and the same letter as plain text.
 * Written in the customer's language, dates and numbers in its locale, earliest shortage first.
 */
export function renderNotice(input: NoticeInput): Notice {
  const letter = noticeLetter(input);
  return { subject: letter.subject, html: noticeHtml(letter), text: noticeText(letter) };
}

export function noticeLetter(input: NoticeInput): NoticeLetter {
  const m = messagesFor(input.customer.language);
  const fmt = noticeFormat(m.locale);
  const rows = [...input.rows].sort((a, b) => (a.crossing.likely ?? Infinity) - (b.crossing.likely ?? Infinity));
  const count = rows.length;
  const days = input.withinDays;
  const company = input.hostingCompany;
  const manager = input.customer.accountManager?.name;
  return {
    lang: m.locale,
    subject: m.subject({ customer: input.customer.name, count, days }),
    date: fmt.date(input.nowMs),
    company,
    greeting: m.greeting(input.customer.contacts[0]?.name ?? input.customer.name),
    intro: count === 0 ? m.nothingExpected({ days }) : m.intro({ company, count, days }),
    sections: rows.map((row, i) => section(row, i, input, m, fmt)),
    labels: { meaning: m.meaningLabel, proposal: m.proposalLabel },
    closing: m.closing,
    signature: manager ? [m.regards, manager, company] : [m.regards, m.teamOf(company)],
  };
}

function section(row: RunwayRow, index: number, input: NoticeInput, m: Messages, fmt: NoticeFormat): NoticeSection {
  const likely = row.crossing.likely ?? input.nowMs;
  // The band as it is: a latest date the forecast never reaches is not the likely one.
  const when = { date: fmt.date(likely), earliest: fmt.date(row.crossing.earliest ?? likely), latest: row.crossing.latest === null ? null : fmt.date(row.crossing.latest) };
  const season = seasonName(row.driver, m);
  const seasonText = season ? ` ${m.seasonDriver(season)}` : '';
  const series = input.series.get(noticeRowKey(row));
  const chart = series ? shortageChart({ row, series, nowMs: input.nowMs, m, fmt, id: `shortage-${index + 1}` }) : null;
  if (row.metric === 'disk_used_percent') {
    const mount = row.mount ?? row.resource.replace(/^disk\s*/, '');
    const whatIf = diskWhatIf(row);
    const proposal = whatIf
      ? m.diskProposal({ extra: fmt.gigabytes(whatIf.extraBytes), from: when.date, to: fmt.date(whatIf.newCrossingMs) })
      : m.diskProposalPlain;
    return {
      heading: m.diskHeading({ host: row.host, mount }),
      what: m.diskFull({ ...when, host: row.host, mount, threshold: fmt.percent(row.threshold, 0) }) + seasonText,
      now: m.diskNow({ current: fmt.percent(row.current, 1), growth: fmt.number(row.growthPerDay, 2) }),
      meaning: m.diskMeaning,
      proposal: `${proposal} ${m.diskCleanup}`,
      chart,
      noChart: m.chart.noData,
    };
  }
  const before = fmt.date(row.crossing.earliest ?? likely);
  return {
    heading: m.loadHeading({ host: row.host }),
    what: m.loadOver({ ...when, host: row.host, cores: row.threshold }) + seasonText,
    now: m.loadNow({ current: fmt.number(row.current, 1), peak: fmt.number(row.peakForecast, 1) }),
    meaning: m.loadMeaning,
    proposal: m.loadProposal({ cores: coresToAdd(row), before }),
    chart,
    noChart: m.chart.noData,
  };
}

/** The plain-text alternative: the same letter, headings underlined, lines wrapped for e-mail. */
export function noticeText(l: NoticeLetter): string {
  const out: string[] = [l.date, '', l.greeting, '', wrap(l.intro)];
  for (const s of l.sections) {
    out.push('', s.heading, '-'.repeat([...s.heading].length), wrap(`${s.what} ${s.now}`), '', `${l.labels.meaning}:`, wrap(s.meaning), '', `${l.labels.proposal}:`, wrap(s.proposal));
  }
  out.push('', wrap(l.closing), '', ...l.signature, '');
  return out.join('\n');
}

/** Wraps at 72 characters on spaces, as plain-text mail is read. */
function wrap(text: string, width = 72): string {
  const lines: string[] = [];
  let line = '';
  // Plain spaces only: no-break spaces ("90 %", "50 GB") must keep their words together.
  for (const word of text.split(/[ \t\n]+/).filter(Boolean)) {
    if (line && [...line].length + 1 + [...word].length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
