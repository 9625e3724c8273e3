import type { Language } from '../../core/inventory/inventory.ts';
import { da } from './messages-da.ts';
import { de } from './messages-de.ts';
import { en } from './messages-en.ts';
import { sv } from './messages-sv.ts';
import type { When } from './notice-format.ts';

/**
 * Everything a customer notice says, in one language. Sentences are functions of their facts
 * so that each language orders words its own way; facts arrive formatted (dates, numbers, units).
 */
export interface Messages {
  /** BCP 47 tag used for dates and numbers. */
  locale: string;
  /** Season names by the forecast's driver name (christmas, black-friday, mothers-day, public-holiday). */
  seasons: Record<string, string>;
  subject(p: { customer: string; count: number; days: number }): string;
  greeting(name: string): string;
  intro(p: { company: string; count: number; days: number }): string;
  nothingExpected(p: { days: number }): string;
  diskHeading(p: { host: string; mount: string }): string;
  loadHeading(p: { host: string }): string;
  diskFull(p: When & { host: string; mount: string; threshold: string }): string;
  loadOver(p: When & { host: string; cores: number }): string;
  /** One sentence naming the season that drives the shortage, e.g. "… the run-up to Christmas 2026." */
  seasonDriver(season: string): string;
  diskNow(p: { current: string; growth: string }): string;
  loadNow(p: { current: string; peak: string }): string;
  meaningLabel: string;
  diskMeaning: string;
  loadMeaning: string;
  proposalLabel: string;
  diskProposal(p: { extra: string; from: string; to: string }): string;
  /** When the disk's size is unknown, so no what-if numbers can be given. */
  diskProposalPlain: string;
  diskCleanup: string;
  loadProposal(p: { cores: number; before: string }): string;
  /** A host's daily peak memory use, in percent of its RAM. */
  memory: {
    heading(p: { host: string }): string;
    over(p: When & { host: string; threshold: string }): string;
    /** `ram` null when the host's RAM size is unknown. */
    now(p: { current: string; peak: string; ram: string | null }): string;
    meaning: string;
    /** A steady rise while traffic stays flat: a program holding memory; more RAM only postpones. */
    leak: string;
    /** A rise in step with traffic: capacity being used. */
    traffic: string;
    proposal(p: { extra: string; before: string; after: string }): string;
    /** When the RAM size is unknown, so no what-if numbers can be given. */
    proposalPlain: string;
  };
  /** A host's CPU use, as the daily 95th percentile in percent. */
  cpu: {
    heading(p: { host: string }): string;
    over(p: When & { host: string; threshold: string }): string;
    now(p: { current: string; peak: string }): string;
    meaning: string;
    proposal(p: { cores: number; from: number; to: number; before: string }): string;
    /** The alternative to more cores, after the proposal's what-if. */
    orMove: string;
    /** When the host's cores are unknown (it names the alternative itself). */
    proposalPlain(p: { before: string }): string;
  };
  /** A filesystem's inodes (one per file), in percent used. */
  inodes: {
    heading(p: { host: string; mount: string }): string;
    full(p: When & { host: string; mount: string; threshold: string }): string;
    /** `files` (new files a day) null when the filesystem's inode count is unknown. */
    now(p: { current: string; files: string | null }): string;
    meaning: string;
    proposal(p: { files: string; from: string; to: string }): string;
    proposalPlain: string;
    cleanup: string;
  };
  /** What more RAM or cores does to the forecast (alerting/what-if.ts capacityOutcome). */
  whatIf: {
    moves(p: { from: string; to: string }): string;
    peakUnder(p: { peak: string; threshold: string }): string;
    peakOver(p: { peak: string; threshold: string }): string;
  };
  /** One sentence per server pool that holds a short host: whether moving work within it is enough. */
  pool: {
    /** The pool's summed forecast fits until the forecast's last day, `until`. */
    enough(p: { pool: string; until: string; peakAt: string; need: string }): string;
    /** The pool's summed forecast exceeds what it has from `by` on. */
    short(p: { pool: string; by: string; peakAt: string; need: string }): string;
    needCores(p: { peak: string; capacity: string }): string;
    needMemory(p: { peak: string; usable: string }): string;
  };
  closing: string;
  regards: string;
  /** Signature when the customer has no account manager. */
  teamOf(company: string): string;
  chart: {
    diskAxis: string;
    loadAxis: string;
    memoryAxis: string;
    cpuAxis: string;
    inodesAxis: string;
    measured: string;
    /** The measured line of the CPU chart: the day's 95th percentile, not its maximum. */
    measuredP95: string;
    forecast: string;
    band: string;
    today: string;
    full(threshold: string): string;
    /** The threshold of memory and CPU, which are not "full" at it. */
    limit(threshold: string): string;
    cores(n: number): string;
    expected(date: string): string;
    noData: string;
  };
}

const CATALOGUE: Record<Language, Messages> = { da, sv, de, en };

export function messagesFor(language: Language): Messages {
  return CATALOGUE[language] ?? en;
}

/**
 * The forecast names its season drivers "christmas 2026", "black-friday 2026"…; the reader gets
 * "julen 2026", "Weihnachten 2026". An unknown name is shown as it is, dashes as spaces.
 */
export function seasonName(driver: string | null, m: Messages): string | null {
  if (!driver || driver === 'trend') return null;
  const match = /^(.*?)\s+(\d{4})$/.exec(driver.trim());
  const name = match?.[1] ?? driver.trim();
  const year = match?.[2];
  const translated = m.seasons[name] ?? name.replace(/-/g, ' ');
  return year ? `${translated} ${year}` : translated;
}
