import type { Messages } from './messages.ts';
import { ifSpan, type When } from './notice-format.ts';

/** The earliest/latest clause of a crossing's sentence. */
const span = (w: When): string => ifSpan(w, `: frühestens am ${w.earliest}${w.latest === null ? ', möglicherweise später, als die Prognose reicht' : `, spätestens am ${w.latest}`}`);

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
    `Die Festplatte ${mount} auf ${host} wird voraussichtlich um den ${w.date} voll sein (${threshold} belegt)${span(w)}.`,
  loadOver: ({ host, cores, ...w }) =>
    `Die tägliche Spitzenlast auf ${host} wird voraussichtlich um den ${w.date} die ${cores} Prozessorkerne des Servers übersteigen${span(w)}.`,
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
  memory: {
    heading: ({ host }) => `Arbeitsspeicher auf ${host}`,
    over: ({ host, threshold, ...w }) => `Die tägliche Spitzenauslastung des Arbeitsspeichers auf ${host} wird voraussichtlich um den ${w.date} die Grenze von ${threshold} erreichen${span(w)}.`,
    now: ({ current, peak, ram }) => `Die höchste Auslastung der letzten Tage betrug ${current}${ram === null ? '' : ` der ${ram} Arbeitsspeicher des Servers`}; die erwartete Spitzenauslastung beträgt ${peak}.`,
    meaning: 'Ist der Arbeitsspeicher erschöpft, wird der Server sehr langsam, und das System muss unter Umständen Programme beenden: Website, Webshop oder E-Mail können ausfallen.',
    leak: 'Die Auslastung ist über Monate gleichmäßig gestiegen, obwohl der Verkehr auf dem Server unverändert blieb. Das deutet auf ein Programm hin, das Speicher belegt, den es nicht mehr benötigt. Wir schlagen vor, dieses Programm zu ermitteln, neu zu starten und den Fehler beheben zu lassen; mehr Arbeitsspeicher würde das Datum nur hinausschieben.',
    traffic: 'Die Auslastung folgt dem Verkehr auf dem Server: Es handelt sich um einen echten Bedarf an mehr Kapazität.',
    proposal: ({ extra, before, after }) => `Wir schlagen vor, den Arbeitsspeicher des Servers um ${extra} zu erweitern (von ${before} auf ${after}).`,
    proposalPlain: 'Wir schlagen vor, den Arbeitsspeicher des Servers zu erweitern.',
  },
  cpu: {
    heading: ({ host }) => `CPU-Auslastung auf ${host}`,
    over: ({ host, threshold, ...w }) => `Die CPU-Auslastung auf ${host}, gemessen als 95. Perzentil des Tages, wird voraussichtlich um den ${w.date} die Grenze von ${threshold} übersteigen${span(w)}.`,
    now: ({ current, peak }) => `Am zuletzt gemessenen Tag betrug der Wert ${current}; der erwartete Höchstwert beträgt ${peak}.`,
    meaning: 'Sind die Prozessoren den größten Teil des Tages voll ausgelastet, entstehen Warteschlangen: Seiten laden langsam, gerade dann, wenn die meisten Ihrer Kunden Sie besuchen.',
    proposal: ({ cores, from, to, before }) =>
      `Wir schlagen vor, dem Server ${cores === 1 ? 'einen weiteren Prozessorkern' : `${cores} weitere Prozessorkerne`} zuzuweisen (von ${from} auf ${to}), spätestens bis zum ${before}.`,
    orMove: 'Alternativ kann ein Teil der Arbeit auf einen weniger ausgelasteten Server verlagert werden.',
    proposalPlain: ({ before }) => `Wir schlagen vor, dem Server spätestens bis zum ${before} weitere Prozessorkerne zuzuweisen oder einen Teil der Arbeit auf einen weniger ausgelasteten Server zu verlagern.`,
  },
  inodes: {
    heading: ({ host, mount }) => `Inodes der Festplatte ${mount} auf ${host}`,
    full: ({ host, mount, threshold, ...w }) => `Der Festplatte ${mount} auf ${host} gehen voraussichtlich um den ${w.date} die Inodes aus (${threshold} belegt)${span(w)}.`,
    now: ({ current, files }) => `Heute sind ${current} der Inodes der Festplatte belegt${files === null ? '' : `, und täglich kommen etwa ${files} neue Dateien hinzu`}.`,
    meaning: 'Jede Datei belegt einen Inode, und eine Festplatte hat nur eine feste Anzahl davon. Sind sie aufgebraucht, können keine neuen Dateien gespeichert werden, auch wenn noch Speicherplatz frei ist: E-Mails können nicht zugestellt werden, und die Website kann keine Sitzungen oder hochgeladenen Dateien speichern.',
    proposal: ({ files, from, to }) => `Wir schlagen vor, etwa ${files} alte Dateien zu entfernen, zum Beispiel abgelaufene Sitzungen, nicht zustellbare E-Mails oder Cache-Dateien. Damit verschiebt sich das erwartete Datum vom ${from} auf etwa den ${to}.`,
    proposalPlain: 'Wir schlagen vor, alte Dateien zu entfernen, zum Beispiel abgelaufene Sitzungen, nicht zustellbare E-Mails oder Cache-Dateien.',
    cleanup: 'Vorher prüfen wir, welche Verzeichnisse die meisten Dateien enthalten, und gehen die Liste durch, bevor etwas gelöscht wird. Eine Festplatte, die mit mehr Inodes eingerichtet wird, löst das Problem dauerhaft.',
  },
  whatIf: {
    moves: ({ from, to }) => `Damit verschiebt sich das erwartete Datum vom ${from} auf etwa den ${to}.`,
    peakUnder: ({ peak, threshold }) => `Der erwartete Höchstwert liegt dann bei etwa ${peak} und damit unter der Grenze von ${threshold}.`,
    peakOver: ({ peak, threshold }) => `Der erwartete Höchstwert sinkt dann auf etwa ${peak}, liegt aber weiterhin über der Grenze von ${threshold}.`,
  },
  pool: {
    enough: ({ pool, until, peakAt, need }) =>
      `Es genügt, Arbeit innerhalb des Serverpools ${pool} zu verlagern, so weit die Prognose reicht (bis zum ${until}): Selbst an seinem Spitzentag, dem ${peakAt}, benötigen seine Server voraussichtlich zusammen ${need}.`,
    short: ({ pool, by, peakAt, need }) =>
      `Der Serverpool ${pool} selbst benötigt spätestens bis zum ${by} mehr Kapazität: Am ${peakAt} benötigen seine Server voraussichtlich zusammen ${need}; eine Verlagerung innerhalb des Pools würde den Engpass daher nur verschieben.`,
    needCores: ({ peak, capacity }) => `${peak} ihrer ${capacity} Prozessorkerne`,
    needMemory: ({ peak, usable }) => `${peak} Arbeitsspeicher bei ${usable} nutzbarem Speicher`,
  },
  closing: 'Wenn Sie Fragen haben oder wir mit der Umsetzung beginnen sollen, antworten Sie bitte einfach auf diese E-Mail.',
  regards: 'Mit freundlichen Grüßen',
  teamOf: (company) => `Ihr Team von ${company}`,
  chart: {
    diskAxis: 'Belegter Speicher (%)',
    loadAxis: 'Höchste Last pro Tag',
    memoryAxis: 'Belegter Arbeitsspeicher (%)',
    cpuAxis: 'CPU-Auslastung, 95. Perzentil (%)',
    inodesAxis: 'Belegte Inodes (%)',
    measured: 'Gemessen (Tagesmaximum)',
    measuredP95: 'Gemessen (95. Perzentil)',
    forecast: 'Prognose',
    band: 'Wahrscheinlicher Bereich',
    today: 'Heute',
    full: (t) => `Voll bei ${t}`,
    limit: (t) => `Grenze ${t}`,
    cores: (n) => `${n} Kerne`,
    expected: (date) => `Erwartet ${date}`,
    noData: 'Kein Diagramm: Die Messwerte konnten nicht gelesen werden.',
  },
};
