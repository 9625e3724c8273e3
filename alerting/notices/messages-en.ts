import type { Messages } from './messages.ts';
import { ifSpan, type When } from './notice-format.ts';

/** The earliest/latest clause of a crossing's sentence. */
const span = (w: When): string => ifSpan(w, `: at the earliest on ${w.earliest}${w.latest === null ? ', possibly later than the forecast reaches' : `, at the latest on ${w.latest}`}`);

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
    `The disk ${mount} on ${host} is expected to be full (${threshold} used) around ${w.date}${span(w)}.`,
  loadOver: ({ host, cores, ...w }) =>
    `The daily peak load on ${host} is expected to exceed the server's ${cores} processor cores around ${w.date}${span(w)}.`,
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
  memory: {
    heading: ({ host }) => `Memory on ${host}`,
    over: ({ host, threshold, ...w }) => `The daily peak memory use on ${host} is expected to reach ${threshold} of the server's memory around ${w.date}${span(w)}.`,
    now: ({ current, peak, ram }) => `The highest use of recent days was ${current}${ram === null ? '' : ` of the server's ${ram}`}; the forecast peak is ${peak}.`,
    meaning: 'When memory runs out, the server becomes very slow and the system may have to stop programs: the website, the shop or e-mail may stop working.',
    leak: 'Memory use has risen steadily for months while the traffic on the server stayed the same. That points to a program holding on to memory it no longer needs. We propose to find that program, restart it and have the fault corrected; more memory would only postpone the date.',
    traffic: 'Memory use follows the traffic on the server: this is a genuine need for more capacity.',
    proposal: ({ extra, before, after }) => `We propose to give the server ${extra} more memory (from ${before} to ${after}).`,
    proposalPlain: 'We propose to give the server more memory.',
  },
  cpu: {
    heading: ({ host }) => `CPU use on ${host}`,
    over: ({ host, threshold, ...w }) => `The CPU use of ${host}, measured as the 95th percentile of each day, is expected to exceed ${threshold} around ${w.date}${span(w)}.`,
    now: ({ current, peak }) => `On the last measured day it was ${current}; the forecast peak is ${peak}.`,
    meaning: 'When the processors are fully busy for most of the day, work has to queue: pages become slow, just when most of your customers visit.',
    proposal: ({ cores, from, to, before }) =>
      `We propose to give the server ${cores === 1 ? 'one more processor core' : `${cores} more processor cores`} (from ${from} to ${to}) before ${before}.`,
    orMove: 'Alternatively, part of its work can be moved to a less busy server.',
    proposalPlain: ({ before }) => `We propose to give the server more processor cores before ${before}, or to move part of its work to a less busy server.`,
  },
  inodes: {
    heading: ({ host, mount }) => `Inodes of the disk ${mount} on ${host}`,
    full: ({ host, mount, threshold, ...w }) => `The disk ${mount} on ${host} is expected to run out of inodes (${threshold} used) around ${w.date}${span(w)}.`,
    now: ({ current, files }) => `Today ${current} of the disk's inodes are used${files === null ? '' : `, and about ${files} new files are added a day`}.`,
    meaning: 'Every file on a disk takes one inode, and a disk has a fixed number of them. When they are used up, no new file can be saved, even with space left: e-mail cannot be received, and the website cannot store sessions or uploaded files.',
    proposal: ({ files, from, to }) => `We propose to remove about ${files} old files, such as expired sessions, undeliverable e-mail or cache files. That moves the expected date from ${from} to about ${to}.`,
    proposalPlain: 'We propose to remove old files, such as expired sessions, undeliverable e-mail or cache files.',
    cleanup: 'We first check which directories hold the most files, and go through the list before anything is deleted. A disk set up with more inodes solves the problem for good.',
  },
  whatIf: {
    moves: ({ from, to }) => `That moves the expected date from ${from} to about ${to}.`,
    peakUnder: ({ peak, threshold }) => `The forecast peak then stays at about ${peak}, under the ${threshold} limit.`,
    peakOver: ({ peak, threshold }) => `The forecast peak then falls to about ${peak}, still over the ${threshold} limit.`,
  },
  pool: {
    enough: ({ pool, until, peakAt, need }) =>
      `Moving work within the server pool ${pool} is enough as far as the forecast reaches (until ${until}): even on the pool's busiest day, ${peakAt}, its servers together are forecast to need ${need}.`,
    short: ({ pool, by, peakAt, need }) =>
      `The server pool ${pool} itself needs more capacity by ${by}: on ${peakAt} its servers together are forecast to need ${need}, so moving work within the pool would only move the shortage.`,
    needCores: ({ peak, capacity }) => `${peak} of their ${capacity} processor cores`,
    needMemory: ({ peak, usable }) => `${peak} of memory, of the ${usable} they can use`,
  },
  closing: 'If you have questions, or would like us to go ahead, simply reply to this e-mail.',
  regards: 'Kind regards,',
  teamOf: (company) => `Your team at ${company}`,
  chart: {
    diskAxis: 'Disk used (%)',
    loadAxis: 'Peak load per day',
    memoryAxis: 'Memory used (%)',
    cpuAxis: 'CPU use, 95th percentile (%)',
    inodesAxis: 'Inodes used (%)',
    measured: 'Measured (daily maximum)',
    measuredP95: 'Measured (95th percentile)',
    forecast: 'Forecast',
    band: 'Likely range',
    today: 'Today',
    full: (t) => `Full at ${t}`,
    limit: (t) => `Limit ${t}`,
    cores: (n) => `${n} cores`,
    expected: (date) => `Expected ${date}`,
    noData: 'No chart: the measurements could not be read.',
  },
};
