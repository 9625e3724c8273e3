import type { Messages } from './messages.ts';
import { ifSpan, type When } from './notice-format.ts';

/** The earliest/latest clause of a crossing's sentence. */
const span = (w: When): string => ifSpan(w, `: tidigast den ${w.earliest}${w.latest === null ? ' och möjligen senare än prognosen sträcker sig' : ` och senast den ${w.latest}`}`);

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
    `Disken ${mount} på ${host} väntas bli full (när ${threshold} används) omkring den ${w.date}${span(w)}.`,
  loadOver: ({ host, cores, ...w }) =>
    `Den dagliga topplasten på ${host} väntas överstiga serverns ${cores} processorkärnor omkring den ${w.date}${span(w)}.`,
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
  memory: {
    heading: ({ host }) => `Minne (RAM) på ${host}`,
    over: ({ host, threshold, ...w }) => `Den högsta dagliga minnesanvändningen på ${host} väntas nå ${threshold} av serverns minne omkring den ${w.date}${span(w)}.`,
    now: ({ current, peak, ram }) => `Den högsta användningen de senaste dagarna var ${current}${ram === null ? '' : ` av serverns ${ram}`}; den väntade högsta användningen är ${peak}.`,
    meaning: 'När minnet tar slut blir servern mycket långsam, och systemet kan tvingas stoppa program: webbplatsen, webbutiken eller e-posten kan sluta fungera.',
    leak: 'Användningen har ökat jämnt i flera månader, trots att trafiken på servern är oförändrad. Det tyder på ett program som håller kvar minne som det inte längre behöver. Vi föreslår att programmet letas upp, startas om och att felet rättas; mer minne skulle bara skjuta upp datumet.',
    traffic: 'Användningen följer trafiken på servern: det handlar om ett verkligt behov av mer kapacitet.',
    proposal: ({ extra, before, after }) => `Vi föreslår att servern får ${extra} mer minne (från ${before} till ${after}).`,
    proposalPlain: 'Vi föreslår att servern får mer minne.',
  },
  cpu: {
    heading: ({ host }) => `CPU-användning på ${host}`,
    over: ({ host, threshold, ...w }) => `CPU-användningen på ${host}, mätt som dagens 95:e percentil, väntas överstiga ${threshold} omkring den ${w.date}${span(w)}.`,
    now: ({ current, peak }) => `Den senast uppmätta dagen var värdet ${current}; det väntade högsta värdet är ${peak}.`,
    meaning: 'När processorerna är fullt upptagna större delen av dagen får arbetet vänta i kö: sidorna blir långsamma, just när flest av era kunder besöker er.',
    proposal: ({ cores, from, to, before }) =>
      `Vi föreslår att servern får ${cores === 1 ? 'en processorkärna' : `${cores} processorkärnor`} till (från ${from} till ${to}) före den ${before}.`,
    orMove: 'Alternativt kan en del av arbetet flyttas till en mindre belastad server.',
    proposalPlain: ({ before }) => `Vi föreslår att servern får fler processorkärnor före den ${before}, eller att en del av arbetet flyttas till en mindre belastad server.`,
  },
  inodes: {
    heading: ({ host, mount }) => `Inoder på disken ${mount} på ${host}`,
    full: ({ host, mount, threshold, ...w }) => `Disken ${mount} på ${host} väntas få slut på inoder (när ${threshold} används) omkring den ${w.date}${span(w)}.`,
    now: ({ current, files }) => `I dag används ${current} av diskens inoder${files === null ? '' : `, och omkring ${files} nya filer tillkommer per dag`}.`,
    meaning: 'Varje fil på en disk tar upp en inod, och en disk har ett fast antal inoder. När de är slut kan inga nya filer sparas, även om det finns utrymme kvar: e-post kan inte tas emot, och webbplatsen kan inte spara sessioner eller uppladdade filer.',
    proposal: ({ files, from, to }) => `Vi föreslår att omkring ${files} gamla filer tas bort, till exempel utgångna sessioner, e-post som inte kan levereras eller cachefiler. Det flyttar det väntade datumet från den ${from} till omkring den ${to}.`,
    proposalPlain: 'Vi föreslår att gamla filer tas bort, till exempel utgångna sessioner, e-post som inte kan levereras eller cachefiler.',
    cleanup: 'Först undersöker vi vilka kataloger som innehåller flest filer, och vi går igenom listan innan något tas bort. En disk som skapas med fler inoder löser problemet för gott.',
  },
  whatIf: {
    moves: ({ from, to }) => `Det flyttar det väntade datumet från den ${from} till omkring den ${to}.`,
    peakUnder: ({ peak, threshold }) => `Prognosens högsta värde blir då omkring ${peak}, under gränsen på ${threshold}.`,
    peakOver: ({ peak, threshold }) => `Prognosens högsta värde sjunker då till omkring ${peak}, men ligger fortfarande över gränsen på ${threshold}.`,
  },
  pool: {
    enough: ({ pool, until, peakAt, need }) =>
      `Det räcker att flytta arbete inom serverpoolen ${pool} så långt prognosen sträcker sig (till den ${until}): även under poolens mest belastade dag, den ${peakAt}, väntas dess servrar tillsammans behöva ${need}.`,
    short: ({ pool, by, peakAt, need }) =>
      `Serverpoolen ${pool} behöver själv mer kapacitet senast den ${by}: den ${peakAt} väntas dess servrar tillsammans behöva ${need}, så att flytta arbete inom poolen skulle bara flytta bristen.`,
    needCores: ({ peak, capacity }) => `${peak} av sina ${capacity} processorkärnor`,
    needMemory: ({ peak, usable }) => `${peak} minne, medan de kan använda ${usable}`,
  },
  closing: 'Har ni frågor, eller vill ni att vi sätter igång, svara bara på det här mejlet.',
  regards: 'Med vänliga hälsningar',
  teamOf: (company) => `Ert team på ${company}`,
  chart: {
    diskAxis: 'Använt diskutrymme (%)',
    loadAxis: 'Högsta last per dag',
    memoryAxis: 'Använt minne (%)',
    cpuAxis: 'CPU-användning, 95:e percentil (%)',
    inodesAxis: 'Använda inoder (%)',
    measured: 'Uppmätt (dagligt maximum)',
    measuredP95: 'Uppmätt (dagens 95:e percentil)',
    forecast: 'Prognos',
    band: 'Sannolikt intervall',
    today: 'I dag',
    full: (t) => `Full vid ${t}`,
    limit: (t) => `Gräns ${t}`,
    cores: (n) => `${n} kärnor`,
    expected: (date) => `Väntas ${date}`,
    noData: 'Inget diagram: mätvärdena kunde inte läsas.',
  },
};
