import { describe, expect, it } from 'vitest';
import { cpuRow, fixturePools, inodesRow, loadRow, memRow, resourcesInput } from './notice-fixtures.ts';
import { renderNotice } from './render-notice.ts';

/** Intl writes "90 %", "9 800" and "32 GiB" with no-break spaces; the checks read them as plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/** Per language: the inode, memory and CPU sentences with their what-if dates, the two pool sentences, and the charts' own words. */
const EXPECTED = {
  da: {
    phrases: [
      'Inodes på disken /var/mail på mail-1',
      'Disken /var/mail på mail-1 ventes at løbe tør for inodes (90 % brugt) omkring den 15. december 2026',
      'I dag er 86,4 % af diskens inodes brugt, og der kommer omkring 9.800 nye filer til om dagen.',
      'Vi foreslår at fjerne omkring 660.000 gamle filer',
      'Det flytter den forventede dato fra den 15. december 2026 til omkring den 20. februar 2027.',
      'Det højeste daglige hukommelsesforbrug på app-1 ventes at nå 90 % af serverens hukommelse omkring den 20. december 2026',
      'Vi foreslår at give serveren 8 GiB mere hukommelse (fra 32 GiB til 40 GiB). Det flytter den forventede dato fra den 20. december 2026 til omkring den 11. april 2027.',
      'CPU-forbruget på shop-1, målt som dagens 95. percentil, ventes at overstige 85 % omkring den 22. december 2026',
      'Vi foreslår at give serveren 2 processorkerner mere (fra 8 til 10) inden den 19. december 2026. Prognosens højeste værdi bliver så omkring 77 %, under grænsen på 85 %.',
      'Serverpuljen apps har selv brug for mere kapacitet senest den 18. december 2026',
      'Det er nok at flytte arbejde inden for serverpuljen web, så langt prognosen rækker (til den 20. maj 2027)',
    ],
    chart: ['Brugte inodes (%)', 'Brugt hukommelse (%)', 'CPU-forbrug, 95. percentil (%)', 'Målt (dagens 95. percentil)', 'Grænse 85 %', 'Grænse 90 %', 'Fuld ved 90 %'],
  },
  sv: {
    phrases: [
      'Inoder på disken /var/mail på mail-1',
      'Disken /var/mail på mail-1 väntas få slut på inoder (när 90 % används) omkring den 15 december 2026',
      'I dag används 86,4 % av diskens inoder, och omkring 9 800 nya filer tillkommer per dag.',
      'Vi föreslår att omkring 660 000 gamla filer tas bort',
      'Det flyttar det väntade datumet från den 15 december 2026 till omkring den 20 februari 2027.',
      'Den högsta dagliga minnesanvändningen på app-1 väntas nå 90 % av serverns minne omkring den 20 december 2026',
      'Vi föreslår att servern får 8 GiB mer minne (från 32 GiB till 40 GiB). Det flyttar det väntade datumet från den 20 december 2026 till omkring den 11 april 2027.',
      'CPU-användningen på shop-1, mätt som dagens 95:e percentil, väntas överstiga 85 % omkring den 22 december 2026',
      'Vi föreslår att servern får 2 processorkärnor till (från 8 till 10) före den 19 december 2026. Prognosens högsta värde blir då omkring 77 %, under gränsen på 85 %.',
      'Serverpoolen apps behöver själv mer kapacitet senast den 18 december 2026',
      'Det räcker att flytta arbete inom serverpoolen web så långt prognosen sträcker sig (till den 20 maj 2027)',
    ],
    chart: ['Använda inoder (%)', 'Använt minne (%)', 'CPU-användning, 95:e percentil (%)', 'Uppmätt (dagens 95:e percentil)', 'Gräns 85 %', 'Gräns 90 %', 'Full vid 90 %'],
  },
  de: {
    phrases: [
      'Inodes der Festplatte /var/mail auf mail-1',
      'Der Festplatte /var/mail auf mail-1 gehen voraussichtlich um den 15. Dezember 2026 die Inodes aus (90 % belegt)',
      'Heute sind 86,4 % der Inodes der Festplatte belegt, und täglich kommen etwa 9.800 neue Dateien hinzu.',
      'Wir schlagen vor, etwa 660.000 alte Dateien zu entfernen',
      'Damit verschiebt sich das erwartete Datum vom 15. Dezember 2026 auf etwa den 20. Februar 2027.',
      'Die tägliche Spitzenauslastung des Arbeitsspeichers auf app-1 wird voraussichtlich um den 20. Dezember 2026 die Grenze von 90 % erreichen',
      'Wir schlagen vor, den Arbeitsspeicher des Servers um 8 GiB zu erweitern (von 32 GiB auf 40 GiB). Damit verschiebt sich das erwartete Datum vom 20. Dezember 2026 auf etwa den 11. April 2027.',
      'Die CPU-Auslastung auf shop-1, gemessen als 95. Perzentil des Tages, wird voraussichtlich um den 22. Dezember 2026 die Grenze von 85 % übersteigen',
      'Wir schlagen vor, dem Server 2 weitere Prozessorkerne zuzuweisen (von 8 auf 10), spätestens bis zum 19. Dezember 2026. Der erwartete Höchstwert liegt dann bei etwa 77 % und damit unter der Grenze von 85 %.',
      'Der Serverpool apps selbst benötigt spätestens bis zum 18. Dezember 2026 mehr Kapazität',
      'Es genügt, Arbeit innerhalb des Serverpools web zu verlagern, so weit die Prognose reicht (bis zum 20. Mai 2027)',
    ],
    chart: ['Belegte Inodes (%)', 'Belegter Arbeitsspeicher (%)', 'CPU-Auslastung, 95. Perzentil (%)', 'Gemessen (95. Perzentil)', 'Grenze 85 %', 'Grenze 90 %', 'Voll bei 90 %'],
  },
  en: {
    phrases: [
      'Inodes of the disk /var/mail on mail-1',
      'The disk /var/mail on mail-1 is expected to run out of inodes (90% used) around December 15, 2026',
      'and about 9,800 new files are added a day.',
      'We propose to remove about 660,000 old files',
      'That moves the expected date from December 15, 2026 to about February 20, 2027.',
      'The daily peak memory use on app-1 is expected to reach 90% of the server',
      'We propose to give the server 8 GiB more memory (from 32 GiB to 40 GiB). That moves the expected date from December 20, 2026 to about April 11, 2027.',
      'The CPU use of shop-1, measured as the 95th percentile of each day, is expected to exceed 85% around December 22, 2026',
      'We propose to give the server 2 more processor cores (from 8 to 10) before December 19, 2026. The forecast peak then stays at about 77%, under the 85% limit.',
      'The server pool apps itself needs more capacity by December 18, 2026',
      'Moving work within the server pool web is enough as far as the forecast reaches (until May 20, 2027)',
    ],
    chart: ['Inodes used (%)', 'Memory used (%)', 'CPU use, 95th percentile (%)', 'Measured (95th percentile)', 'Limit 85%', 'Limit 90%', 'Full at 90%'],
  },
} as const;

describe('renderNotice: memory, CPU and inodes, and the server pools', () => {
  for (const [language, expected] of Object.entries(EXPECTED)) {
    it(`writes each new resource in ${language}, with its what-if dates, its pool and a chart`, () => {
      const notice = renderNotice(resourcesInput(language as keyof typeof EXPECTED));
      const html = plain(notice.html);
      const text = plain(notice.text).replace(/\n/g, ' ');
      for (const phrase of expected.phrases) {
        expect(html, phrase).toContain(phrase);
        expect(text, phrase).toContain(phrase);
      }
      for (const label of expected.chart) expect(html, label).toContain(label);
      expect(html.match(/<svg /g)).toHaveLength(3);
      expect(html.match(/<path class="measured"/g)).toHaveLength(3);
      expect(html.match(/<polygon class="band"/g)).toHaveLength(3);
      expect(html.match(/<circle class="crossing"/g)).toHaveLength(3);
    });
  }

  it('puts the earliest shortage first: inodes on 15, memory on 20, CPU on 22 December', () => {
    const text = renderNotice(resourcesInput('en')).text;
    const at = ['Inodes of the disk', 'Memory on app-1', 'CPU use on shop-1'].map((h) => text.indexOf(h));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('proposes to find and restart a leaking program instead of selling memory', () => {
    const leak = { ...memRow, memEvidence: { memSlopePerDay: 0.2, loadSlopePerDay: 0, loadCorrelation: 0.1 } };
    const text = renderNotice(resourcesInput('de', { rows: [leak] })).text.replace(/\n/g, ' ');
    expect(text).toContain('Das deutet auf ein Programm hin, das Speicher belegt, den es nicht mehr benötigt.');
    expect(text).not.toContain('zu erweitern');
    expect(text).not.toContain('folgt dem Verkehr');
  });

  it('proposes without numbers where the RAM or the cores are unknown', () => {
    const rows = [{ ...memRow, totalBytes: undefined }, { ...cpuRow, cores: undefined }];
    const text = plain(renderNotice(resourcesInput('sv', { rows, pools: [] })).text).replace(/\n/g, ' ');
    expect(text).toContain('Den högsta användningen de senaste dagarna var 84,2 %; den väntade högsta användningen är 93 %.');
    expect(text).toContain('Vi föreslår att servern får mer minne.');
    expect(text).toContain('Vi föreslår att servern får fler processorkärnor före den 19 december 2026, eller att en del av arbetet flyttas till en mindre belastad server.');
  });

  it('says each pool once, in its earliest shortage: load and CPU of shop-1 share the pool web', () => {
    const text = renderNotice(resourcesInput('en', { rows: [cpuRow, loadRow, inodesRow] })).text.replace(/\n/g, ' ');
    const sentence = 'Moving work within the server pool web is enough';
    expect(text.split(sentence)).toHaveLength(2);
    expect(text.indexOf(sentence)).toBeGreaterThan(text.indexOf('Processor load on shop-1'));
    expect(text.indexOf(sentence)).toBeLessThan(text.indexOf('CPU use on shop-1'));
  });

  it('says nothing of pools without them, nor of a pool that holds none of the short hosts', () => {
    for (const pools of [[], fixturePools.map((p) => ({ ...p, hosts: ['other-1', 'other-2'] }))]) {
      const text = renderNotice(resourcesInput('en', { pools })).text;
      expect(text).not.toContain('server pool');
    }
  });
});
