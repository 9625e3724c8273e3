import { messagesFor } from './messages.ts';
import { noticeFormat } from './notice-format.ts';
import { noticeHtml } from './notice-html.ts';
import { poolSentences } from './notice-pools.ts';
import { noticeSection, type NoticeSection } from './notice-sections.ts';
import type { Notice, NoticeInput } from './notice-types.ts';

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
  const pools = poolSentences(rows, input.pools, m, fmt);
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
    sections: rows.map((row, i) => noticeSection(row, i, input, m, fmt, pools[i])),
    labels: { meaning: m.meaningLabel, proposal: m.proposalLabel },
    closing: m.closing,
    signature: manager ? [m.regards, manager, company] : [m.regards, m.teamOf(company)],
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
