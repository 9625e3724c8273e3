import type { Messages } from './messages.ts';
import { ifSpan, type When } from './notice-format.ts';

/** The earliest/latest clause of a crossing's sentence. */
const span = (w: When): string => ifSpan(w, `: tidligst den ${w.earliest}${w.latest === null ? ' og muligvis senere, end prognosen rækker' : ` og senest den ${w.latest}`}`);

export const da: Messages = {
  locale: 'da',
  seasons: { christmas: 'julen', 'black-friday': 'Black Friday', 'mothers-day': 'mors dag', 'public-holiday': 'helligdagene', valentines: 'valentinsdag' },
  subject: ({ customer, count, days }) =>
    count === 0
      ? `Kapacitetsvarsel for ${customer}: ingen forventede mangler de næste ${days} dage`
      : `Kapacitetsvarsel for ${customer}: ${count === 1 ? '1 forventet mangel' : `${count} forventede mangler`} de næste ${days} dage`,
  greeting: (name) => `Kære ${name}`,
  intro: ({ company, count, days }) =>
    `Vi holder øje med kapaciteten på de servere, ${company} driver for jer, og beregner, hvordan den udvikler sig. ` +
    `I løbet af de næste ${days} dage forventer vi ${count === 1 ? 'én mangel' : `${count} mangler`}, som vi gerne vil tage hånd om sammen med jer, før ${count === 1 ? 'den påvirker' : 'de påvirker'} jeres forretning.`,
  nothingExpected: ({ days }) => `Vi forventer ikke, at nogen af jeres servere kommer til at mangle kapacitet de næste ${days} dage.`,
  diskHeading: ({ host, mount }) => `Disken ${mount} på ${host}`,
  loadHeading: ({ host }) => `Processorbelastning på ${host}`,
  diskFull: ({ host, mount, threshold, ...w }) =>
    `Disken ${mount} på ${host} ventes at være fuld (${threshold} brugt) omkring den ${w.date}${span(w)}.`,
  loadOver: ({ host, cores, ...w }) =>
    `Den daglige spidsbelastning på ${host} ventes at overstige serverens ${cores} processorkerner omkring den ${w.date}${span(w)}.`,
  seasonDriver: (season) => `Det skyldes travlheden op til ${season}.`,
  diskNow: ({ current, growth }) => `I dag er ${current} af disken brugt, og forbruget vokser med omkring ${growth} procentpoint om dagen.`,
  loadNow: ({ current, peak }) => `Den højeste belastning de seneste dage var ${current}; den forventede spidsbelastning er ${peak}.`,
  meaningLabel: 'Hvad det vil betyde',
  diskMeaning: 'Når en disk er fuld, kan programmerne ikke længere gemme data: hjemmesiden, webshoppen eller e-mailen kan holde op med at virke, og data kan gå tabt.',
  loadMeaning: 'Når belastningen overstiger antallet af kerner, kan serveren ikke følge med i de travleste timer: siderne bliver langsomme eller åbner slet ikke, netop når flest af jeres kunder besøger jer.',
  proposalLabel: 'Vores forslag',
  diskProposal: ({ extra, from, to }) => `Vi foreslår at udvide disken med ${extra}. Det flytter den forventede dato fra den ${from} til omkring den ${to}.`,
  diskProposalPlain: 'Vi foreslår at udvide diskpladsen.',
  diskCleanup: 'Inden da undersøger vi, om gamle logfiler, sikkerhedskopier eller cache kan fjernes.',
  loadProposal: ({ cores, before }) =>
    `Vi foreslår at give serveren ${cores === 1 ? 'én processorkerne' : `${cores} processorkerner`} mere inden den ${before} eller at flytte en del af belastningen til en mindre travl server.`,
  memory: {
    heading: ({ host }) => `Hukommelse (RAM) på ${host}`,
    over: ({ host, threshold, ...w }) => `Det højeste daglige hukommelsesforbrug på ${host} ventes at nå ${threshold} af serverens hukommelse omkring den ${w.date}${span(w)}.`,
    now: ({ current, peak, ram }) => `Det højeste forbrug de seneste dage var ${current}${ram === null ? '' : ` af serverens ${ram}`}; det forventede højeste forbrug er ${peak}.`,
    meaning: 'Når hukommelsen slipper op, bliver serveren meget langsom, og systemet kan blive nødt til at stoppe programmer: hjemmesiden, webshoppen eller e-mailen kan holde op med at virke.',
    leak: 'Forbruget er steget jævnt i månedsvis, selv om trafikken på serveren er uændret. Det tyder på et program, der holder fast i hukommelse, det ikke længere bruger. Vi foreslår at finde programmet, genstarte det og få fejlen rettet; mere hukommelse ville kun udskyde datoen.',
    traffic: 'Forbruget følger trafikken på serveren: der er tale om et reelt behov for mere kapacitet.',
    proposal: ({ extra, before, after }) => `Vi foreslår at give serveren ${extra} mere hukommelse (fra ${before} til ${after}).`,
    proposalPlain: 'Vi foreslår at give serveren mere hukommelse.',
  },
  cpu: {
    heading: ({ host }) => `CPU-forbrug på ${host}`,
    over: ({ host, threshold, ...w }) => `CPU-forbruget på ${host}, målt som dagens 95. percentil, ventes at overstige ${threshold} omkring den ${w.date}${span(w)}.`,
    now: ({ current, peak }) => `Den seneste målte dag var værdien ${current}; den forventede højeste værdi er ${peak}.`,
    meaning: 'Når processorerne er fuldt optaget det meste af dagen, må arbejdet vente i kø: siderne bliver langsomme, netop når flest af jeres kunder besøger jer.',
    proposal: ({ cores, from, to, before }) =>
      `Vi foreslår at give serveren ${cores === 1 ? 'én processorkerne' : `${cores} processorkerner`} mere (fra ${from} til ${to}) inden den ${before}.`,
    orMove: 'Alternativt kan en del af arbejdet flyttes til en mindre travl server.',
    proposalPlain: ({ before }) => `Vi foreslår at give serveren flere processorkerner inden den ${before} eller at flytte en del af arbejdet til en mindre travl server.`,
  },
  inodes: {
    heading: ({ host, mount }) => `Inodes på disken ${mount} på ${host}`,
    full: ({ host, mount, threshold, ...w }) => `Disken ${mount} på ${host} ventes at løbe tør for inodes (${threshold} brugt) omkring den ${w.date}${span(w)}.`,
    now: ({ current, files }) => `I dag er ${current} af diskens inodes brugt${files === null ? '' : `, og der kommer omkring ${files} nye filer til om dagen`}.`,
    meaning: 'Hver fil på en disk optager en inode, og en disk har et fast antal af dem. Når de er brugt op, kan der ikke gemmes nye filer, selv om der er plads tilbage: e-mail kan ikke modtages, og hjemmesiden kan ikke gemme sessioner eller uploadede filer.',
    proposal: ({ files, from, to }) => `Vi foreslår at fjerne omkring ${files} gamle filer, fx udløbne sessioner, e-mail, der ikke kan leveres, eller cachefiler. Det flytter den forventede dato fra den ${from} til omkring den ${to}.`,
    proposalPlain: 'Vi foreslår at fjerne gamle filer, fx udløbne sessioner, e-mail, der ikke kan leveres, eller cachefiler.',
    cleanup: 'Vi undersøger først, hvilke mapper der rummer flest filer, og gennemgår listen, før noget slettes. En disk, der sættes op med flere inodes, løser problemet varigt.',
  },
  whatIf: {
    moves: ({ from, to }) => `Det flytter den forventede dato fra den ${from} til omkring den ${to}.`,
    peakUnder: ({ peak, threshold }) => `Prognosens højeste værdi bliver så omkring ${peak}, under grænsen på ${threshold}.`,
    peakOver: ({ peak, threshold }) => `Prognosens højeste værdi falder så til omkring ${peak}, men ligger stadig over grænsen på ${threshold}.`,
  },
  pool: {
    enough: ({ pool, until, peakAt, need }) =>
      `Det er nok at flytte arbejde inden for serverpuljen ${pool}, så langt prognosen rækker (til den ${until}): selv på puljens travleste dag, den ${peakAt}, ventes dens servere tilsammen at bruge ${need}.`,
    short: ({ pool, by, peakAt, need }) =>
      `Serverpuljen ${pool} har selv brug for mere kapacitet senest den ${by}: den ${peakAt} ventes dens servere tilsammen at bruge ${need}, så at flytte arbejde inden for puljen ville kun flytte manglen.`,
    needCores: ({ peak, capacity }) => `${peak} af deres ${capacity} processorkerner`,
    needMemory: ({ peak, usable }) => `${peak} hukommelse, mens de kan bruge ${usable}`,
  },
  closing: 'Har I spørgsmål, eller vil I gerne have, at vi går i gang, så svar blot på denne e-mail.',
  regards: 'Med venlig hilsen',
  teamOf: (company) => `Jeres team hos ${company}`,
  chart: {
    diskAxis: 'Brugt diskplads (%)',
    loadAxis: 'Højeste belastning pr. dag',
    memoryAxis: 'Brugt hukommelse (%)',
    cpuAxis: 'CPU-forbrug, 95. percentil (%)',
    inodesAxis: 'Brugte inodes (%)',
    measured: 'Målt (dagligt maksimum)',
    measuredP95: 'Målt (dagens 95. percentil)',
    forecast: 'Prognose',
    band: 'Sandsynligt interval',
    today: 'I dag',
    full: (t) => `Fuld ved ${t}`,
    limit: (t) => `Grænse ${t}`,
    cores: (n) => `${n} kerner`,
    expected: (date) => `Forventet ${date}`,
    noData: 'Ingen graf: målingerne kunne ikke læses.',
  },
};
