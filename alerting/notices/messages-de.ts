import type { Messages } from './messages.ts';
import { ifSpan } from './notice-format.ts';

export const de: Messages = {
  locale: 'de',
  // With their article where German needs one after "vor": "vor Weihnachten", "vor dem Muttertag".
  seasons: { christmas: 'Weihnachten', 'black-friday': 'dem Black Friday', 'mothers-day': 'dem Muttertag', 'public-holiday': 'den Feiertagen', valentines: 'dem Valentinstag' },
  subject: ({ customer, count, days }) =>
    count === 0
      ? `Kapazitätshinweis für ${customer}: keine Engpässe in den nächsten ${days} Tagen erwartet`
      : `Kapazitätshinweis für ${customer}: ${count === 1 ? '1 Engpass' : `${count} Engpässe`} in den nächsten ${days} Tagen erwartet`,
  greeting: (name) => `Guten Tag ${name},`,
  intro: ({ company, count, days }) =>
    `Wir beobachten die Kapazität der Server, die ${company} für Sie betreibt, und berechnen, wie sie sich entwickelt. ` +
    (count === 1
      ? `In den nächsten ${days} Tagen erwarten wir einen Engpass, um den wir uns gern gemeinsam mit Ihnen kümmern, bevor er Ihr Geschäft beeinträchtigt.`
      : `In den nächsten ${days} Tagen erwarten wir ${count} Engpässe, um die wir uns gern gemeinsam mit Ihnen kümmern, bevor sie Ihr Geschäft beeinträchtigen.`),
  nothingExpected: ({ days }) => `Wir erwarten in den nächsten ${days} Tagen bei keinem Ihrer Server einen Kapazitätsengpass.`,
  diskHeading: ({ host, mount }) => `Festplatte ${mount} auf ${host}`,
  loadHeading: ({ host }) => `Prozessorlast auf ${host}`,
  diskFull: ({ host, mount, threshold, ...w }) =>
    `Die Festplatte ${mount} auf ${host} wird voraussichtlich um den ${w.date} voll sein (${threshold} belegt)${ifSpan(w, `: frühestens am ${w.earliest}${w.latest === null ? ', möglicherweise später, als die Prognose reicht' : `, spätestens am ${w.latest}`}`)}.`,
  loadOver: ({ host, cores, ...w }) =>
    `Die tägliche Spitzenlast auf ${host} wird voraussichtlich um den ${w.date} die ${cores} Prozessorkerne des Servers übersteigen${ifSpan(w, `: frühestens am ${w.earliest}${w.latest === null ? ', möglicherweise später, als die Prognose reicht' : `, spätestens am ${w.latest}`}`)}.`,
  seasonDriver: (season) => `Ursache ist der Hochbetrieb vor ${season}.`,
  diskNow: ({ current, growth }) => `Heute sind ${current} der Festplatte belegt, und die Belegung wächst um etwa ${growth} Prozentpunkte pro Tag.`,
  loadNow: ({ current, peak }) => `Die höchste Last der letzten Tage betrug ${current}; die erwartete Spitzenlast beträgt ${peak}.`,
  meaningLabel: 'Was das bedeuten würde',
  diskMeaning: 'Ist eine Festplatte voll, können Programme keine Daten mehr speichern: Website, Webshop oder E-Mail können ausfallen, und Daten können verloren gehen.',
  loadMeaning: 'Übersteigt die Last die Zahl der Kerne, kommt der Server zu Stoßzeiten nicht mehr nach: Seiten laden langsam oder gar nicht, gerade dann, wenn die meisten Ihrer Kunden Sie besuchen.',
  proposalLabel: 'Unser Vorschlag',
  diskProposal: ({ extra, from, to }) => `Wir schlagen vor, die Festplatte um ${extra} zu vergrößern. Damit verschiebt sich das erwartete Datum vom ${from} auf etwa den ${to}.`,
  diskProposalPlain: 'Wir schlagen vor, den Speicherplatz zu vergrößern.',
  diskCleanup: 'Vorher prüfen wir, ob alte Logdateien, Sicherungen oder Caches entfernt werden können.',
  loadProposal: ({ cores, before }) =>
    `Wir schlagen vor, dem Server ${cores === 1 ? 'einen weiteren Prozessorkern' : `${cores} weitere Prozessorkerne`} zuzuweisen, spätestens bis zum ${before}, oder einen Teil der Last auf einen weniger ausgelasteten Server zu verlagern.`,
  closing: 'Wenn Sie Fragen haben oder wir mit der Umsetzung beginnen sollen, antworten Sie bitte einfach auf diese E-Mail.',
  regards: 'Mit freundlichen Grüßen',
  teamOf: (company) => `Ihr Team von ${company}`,
  chart: {
    diskAxis: 'Belegter Speicher (%)',
    loadAxis: 'Höchste Last pro Tag',
    measured: 'Gemessen (Tagesmaximum)',
    forecast: 'Prognose',
    band: 'Wahrscheinlicher Bereich',
    today: 'Heute',
    full: (t) => `Voll bei ${t}`,
    cores: (n) => `${n} Kerne`,
    expected: (date) => `Erwartet ${date}`,
    noData: 'Kein Diagramm: Die Messwerte konnten nicht gelesen werden.',
  },
};
