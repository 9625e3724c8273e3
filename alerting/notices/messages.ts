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
  closing: string;
  regards: string;
  /** Signature when the customer has no account manager. */
  teamOf(company: string): string;
  chart: {
    diskAxis: string;
    loadAxis: string;
    measured: string;
    forecast: string;
    band: string;
    today: string;
    full(threshold: string): string;
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
