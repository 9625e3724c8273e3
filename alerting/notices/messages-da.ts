import type { Messages } from './messages.ts';
import { ifSpan } from './notice-format.ts';

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
    `Disken ${mount} på ${host} ventes at være fuld (${threshold} brugt) omkring den ${w.date}${ifSpan(w, `: tidligst den ${w.earliest}${w.latest === null ? ' og muligvis senere, end prognosen rækker' : ` og senest den ${w.latest}`}`)}.`,
  loadOver: ({ host, cores, ...w }) =>
    `Den daglige spidsbelastning på ${host} ventes at overstige serverens ${cores} processorkerner omkring den ${w.date}${ifSpan(w, `: tidligst den ${w.earliest}${w.latest === null ? ' og muligvis senere, end prognosen rækker' : ` og senest den ${w.latest}`}`)}.`,
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
  closing: 'Har I spørgsmål, eller vil I gerne have, at vi går i gang, så svar blot på denne e-mail.',
  regards: 'Med venlig hilsen',
  teamOf: (company) => `Jeres team hos ${company}`,
  chart: {
    diskAxis: 'Brugt diskplads (%)',
    loadAxis: 'Højeste belastning pr. dag',
    measured: 'Målt (dagligt maksimum)',
    forecast: 'Prognose',
    band: 'Sandsynligt interval',
    today: 'I dag',
    full: (t) => `Fuld ved ${t}`,
    cores: (n) => `${n} kerner`,
    expected: (date) => `Forventet ${date}`,
    noData: 'Ingen graf: målingerne kunne ikke læses.',
  },
};
