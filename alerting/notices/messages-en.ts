import type { Messages } from './messages.ts';
import { ifSpan } from './notice-format.ts';

export const en: Messages = {
  locale: 'en',
  seasons: { christmas: 'Christmas', 'black-friday': 'Black Friday', 'mothers-day': "Mother's Day", 'public-holiday': 'the public holidays', valentines: "Valentine's Day" },
  subject: ({ customer, count, days }) =>
    count === 0
      ? `Capacity notice for ${customer}: no shortages expected in the next ${days} days`
      : `Capacity notice for ${customer}: ${count === 1 ? '1 shortage' : `${count} shortages`} expected in the next ${days} days`,
  greeting: (name) => `Dear ${name},`,
  intro: ({ company, count, days }) =>
    `We keep an eye on the capacity of the servers ${company} runs for you and forecast how it develops. ` +
    `Over the next ${days} days we expect ${count === 1 ? 'one shortage' : `${count} shortages`} that we would like to deal with together with you, before ${count === 1 ? 'it affects' : 'they affect'} your business.`,
  nothingExpected: ({ days }) => `We do not expect any of your servers to run short of capacity in the next ${days} days.`,
  diskHeading: ({ host, mount }) => `Disk ${mount} on ${host}`,
  loadHeading: ({ host }) => `Processor load on ${host}`,
  diskFull: ({ host, mount, threshold, ...w }) =>
    `The disk ${mount} on ${host} is expected to be full (${threshold} used) around ${w.date}${ifSpan(w, `: at the earliest on ${w.earliest}${w.latest === null ? ', possibly later than the forecast reaches' : `, at the latest on ${w.latest}`}`)}.`,
  loadOver: ({ host, cores, ...w }) =>
    `The daily peak load on ${host} is expected to exceed the server's ${cores} processor cores around ${w.date}${ifSpan(w, `: at the earliest on ${w.earliest}${w.latest === null ? ', possibly later than the forecast reaches' : `, at the latest on ${w.latest}`}`)}.`,
  seasonDriver: (season) => `It is driven by the busy run-up to ${season}.`,
  diskNow: ({ current, growth }) => `Today ${current} of the disk is used, and usage grows by about ${growth} percentage points a day.`,
  loadNow: ({ current, peak }) => `The highest load of recent days was ${current}; the forecast peak is ${peak}.`,
  meaningLabel: 'What it would mean',
  diskMeaning: 'When a disk is full, programs can no longer save data: the website, the shop or e-mail may stop working, and data can be lost.',
  loadMeaning: 'When the load exceeds the cores, the server cannot keep up at the busiest times: pages become slow or do not load at all, just when most of your customers visit.',
  proposalLabel: 'Our proposal',
  diskProposal: ({ extra, from, to }) => `We propose to grow the disk by ${extra}. That moves the expected date from ${from} to about ${to}.`,
  diskProposalPlain: 'We propose to add disk space.',
  diskCleanup: 'Before that, we check whether old log files, backups or caches can be removed.',
  loadProposal: ({ cores, before }) =>
    `We propose to give the server ${cores === 1 ? 'one more processor core' : `${cores} more processor cores`} before ${before}, or to move part of the load to a less busy server.`,
  closing: 'If you have questions, or would like us to go ahead, simply reply to this e-mail.',
  regards: 'Kind regards,',
  teamOf: (company) => `Your team at ${company}`,
  chart: {
    diskAxis: 'Disk used (%)',
    loadAxis: 'Peak load per day',
    measured: 'Measured (daily maximum)',
    forecast: 'Forecast',
    band: 'Likely range',
    today: 'Today',
    full: (t) => `Full at ${t}`,
    cores: (n) => `${n} cores`,
    expected: (date) => `Expected ${date}`,
    noData: 'No chart: the measurements could not be read.',
  },
};
