import type { Messages } from './messages.ts';
import { ifSpan } from './notice-format.ts';

export const sv: Messages = {
  locale: 'sv',
  seasons: { christmas: 'julen', 'black-friday': 'Black Friday', 'mothers-day': 'mors dag', 'public-holiday': 'helgdagarna', valentines: 'alla hjärtans dag' },
  subject: ({ customer, count, days }) =>
    count === 0
      ? `Kapacitetsvarning för ${customer}: inga väntade brister de kommande ${days} dagarna`
      : `Kapacitetsvarning för ${customer}: ${count === 1 ? '1 väntad brist' : `${count} väntade brister`} de kommande ${days} dagarna`,
  greeting: (name) => `Hej ${name},`,
  intro: ({ company, count, days }) =>
    `Vi håller koll på kapaciteten hos de servrar som ${company} driver åt er och beräknar hur den utvecklas. ` +
    `Under de kommande ${days} dagarna räknar vi med ${count === 1 ? 'en brist' : `${count} brister`} som vi gärna tar hand om tillsammans med er innan ${count === 1 ? 'den påverkar' : 'de påverkar'} er verksamhet.`,
  nothingExpected: ({ days }) => `Vi räknar inte med att någon av era servrar får brist på kapacitet de kommande ${days} dagarna.`,
  diskHeading: ({ host, mount }) => `Disken ${mount} på ${host}`,
  loadHeading: ({ host }) => `Processorlast på ${host}`,
  diskFull: ({ host, mount, threshold, ...w }) =>
    `Disken ${mount} på ${host} väntas bli full (när ${threshold} används) omkring den ${w.date}${ifSpan(w, `: tidigast den ${w.earliest}${w.latest === null ? ' och möjligen senare än prognosen sträcker sig' : ` och senast den ${w.latest}`}`)}.`,
  loadOver: ({ host, cores, ...w }) =>
    `Den dagliga topplasten på ${host} väntas överstiga serverns ${cores} processorkärnor omkring den ${w.date}${ifSpan(w, `: tidigast den ${w.earliest}${w.latest === null ? ' och möjligen senare än prognosen sträcker sig' : ` och senast den ${w.latest}`}`)}.`,
  seasonDriver: (season) => `Det beror på högsäsongen inför ${season}.`,
  diskNow: ({ current, growth }) => `I dag används ${current} av disken, och användningen ökar med ungefär ${growth} procentenheter per dag.`,
  loadNow: ({ current, peak }) => `Den högsta lasten de senaste dagarna var ${current}; den väntade topplasten är ${peak}.`,
  meaningLabel: 'Vad det skulle innebära',
  diskMeaning: 'När en disk är full kan programmen inte längre spara data: webbplatsen, webbutiken eller e-posten kan sluta fungera, och data kan gå förlorad.',
  loadMeaning: 'När lasten överstiger antalet kärnor hinner servern inte med under de mest intensiva timmarna: sidorna blir långsamma eller öppnas inte alls, just när flest av era kunder besöker er.',
  proposalLabel: 'Vårt förslag',
  diskProposal: ({ extra, from, to }) => `Vi föreslår att disken utökas med ${extra}. Det flyttar det väntade datumet från den ${from} till omkring den ${to}.`,
  diskProposalPlain: 'Vi föreslår att diskutrymmet utökas.',
  diskCleanup: 'Innan dess undersöker vi om gamla loggfiler, säkerhetskopior eller cache kan tas bort.',
  loadProposal: ({ cores, before }) =>
    `Vi föreslår att servern får ${cores === 1 ? 'en processorkärna' : `${cores} processorkärnor`} till före den ${before}, eller att en del av lasten flyttas till en mindre belastad server.`,
  closing: 'Har ni frågor, eller vill ni att vi sätter igång, svara bara på det här mejlet.',
  regards: 'Med vänliga hälsningar',
  teamOf: (company) => `Ert team på ${company}`,
  chart: {
    diskAxis: 'Använt diskutrymme (%)',
    loadAxis: 'Högsta last per dag',
    measured: 'Uppmätt (dagligt maximum)',
    forecast: 'Prognos',
    band: 'Sannolikt intervall',
    today: 'I dag',
    full: (t) => `Full vid ${t}`,
    cores: (n) => `${n} kärnor`,
    expected: (date) => `Väntas ${date}`,
    noData: 'Inget diagram: mätvärdena kunde inte läsas.',
  },
};
