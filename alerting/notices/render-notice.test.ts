import { describe, expect, it } from 'vitest';
import { diskRow, fixtureCustomer, fixtureInput } from './notice-fixtures.ts';
import { renderNotice } from './render-notice.ts';

/** Intl writes "90 %" and "50 GB" with no-break spaces; the checks read them as plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

const EXPECTED = {
  da: {
    subject: 'Kapacitetsvarsel for Acme Shop: 2 forventede mangler de næste 30 dage',
    phrases: ['Kære Anna Berg', 'Disken /var på web-1 ventes at være fuld (90 % brugt) omkring den 13. december 2026', 'Det skyldes travlheden op til julen 2026.', 'Hvad det vil betyde', 'Vi foreslår at udvide disken med 50 GB. Det flytter den forventede dato fra den 13. december 2026 til omkring den 1. februar 2027.', 'Vi foreslår at give serveren 3 processorkerner mere inden den 13. december 2026', 'Med venlig hilsen', 'I dag er 80,1 % af disken brugt'],
    chart: ['Forventet 13. december 2026', 'Fuld ved 90 %', '8 kerner', 'Brugt diskplads (%)', '1. dec.'],
  },
  sv: {
    subject: 'Kapacitetsvarning för Acme Shop: 2 väntade brister de kommande 30 dagarna',
    phrases: ['Hej Anna Berg,', 'Disken /var på web-1 väntas bli full (när 90 % används) omkring den 13 december 2026', 'I dag används 80,1 % av disken', 'Det beror på högsäsongen inför julen 2026.', 'Vad det skulle innebära', 'Vi föreslår att disken utökas med 50 GB.', 'Vi föreslår att servern får 3 processorkärnor till före den 13 december 2026', 'Med vänliga hälsningar'],
    chart: ['Väntas 13 december 2026', 'Full vid 90 %', '8 kärnor', 'Använt diskutrymme (%)'],
  },
  de: {
    subject: 'Kapazitätshinweis für Acme Shop: 2 Engpässe in den nächsten 30 Tagen erwartet',
    phrases: ['Guten Tag Anna Berg,', 'Die Festplatte /var auf web-1 wird voraussichtlich um den 13. Dezember 2026 voll sein (90 % belegt)', 'Ursache ist der Hochbetrieb vor Weihnachten 2026.', 'Was das bedeuten würde', 'Wir schlagen vor, die Festplatte um 50 GB zu vergrößern. Damit verschiebt sich das erwartete Datum vom 13. Dezember 2026 auf etwa den 1. Februar 2027.', 'dem Server 3 weitere Prozessorkerne zuzuweisen, spätestens bis zum 13. Dezember 2026', 'Mit freundlichen Grüßen', 'Heute sind 80,1 % der Festplatte belegt', 'Wenn Sie Fragen haben oder wir mit der Umsetzung beginnen sollen, antworten Sie bitte einfach auf diese E-Mail.'],
    chart: ['Erwartet 13. Dezember 2026', 'Voll bei 90 %', '8 Kerne', 'Belegter Speicher (%)', '1. Dez.'],
  },
  en: {
    subject: 'Capacity notice for Acme Shop: 2 shortages expected in the next 30 days',
    phrases: ['Dear Anna Berg,', 'The disk /var on web-1 is expected to be full (90% used) around December 13, 2026', 'It is driven by the busy run-up to Christmas 2026.', 'What it would mean', 'We propose to grow the disk by 50 GB. That moves the expected date from December 13, 2026 to about February 1, 2027.', 'give the server 3 more processor cores before December 13, 2026', 'Kind regards,', 'Today 80.1% of the disk is used'],
    chart: ['Expected December 13, 2026', 'Full at 90%', '8 cores', 'Disk used (%)', 'Dec 1'],
  },
} as const;

describe('renderNotice', () => {
  for (const [language, expected] of Object.entries(EXPECTED) as [keyof typeof EXPECTED, (typeof EXPECTED)[keyof typeof EXPECTED]][]) {
    it(`writes the notice in ${language}, with locale dates and a chart per shortage`, () => {
      const notice = renderNotice(fixtureInput(language));
      const html = plain(notice.html);
      const text = plain(notice.text).replace(/\n/g, ' ');
      expect(notice.subject).toBe(expected.subject);
      for (const phrase of expected.phrases) {
        expect(html, phrase).toContain(phrase);
        expect(text, phrase).toContain(phrase);
      }
      expect(html).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${language}">`));
      expect(html).toContain('@page { size: A4;');
      expect(html.match(/<svg /g)).toHaveLength(2);
      expect(html.match(/<line class="threshold"/g)).toHaveLength(2);
      expect(html.match(/<circle class="crossing"/g)).toHaveLength(2);
      for (const label of expected.chart) expect(html, label).toContain(label);
      expect(text).toContain('Mette Jensen Nordhost A/S');
      expect(text).not.toContain('<');
    });
  }

  it('puts the earliest shortage first', () => {
    const html = renderNotice(fixtureInput('en')).html;
    expect(html.indexOf('Disk /var on web-1')).toBeLessThan(html.indexOf('Processor load on shop-1'));
  });

  it('says so when nothing is expected, and signs as the team without an account manager', () => {
    const notice = renderNotice(fixtureInput('da', { rows: [], customer: fixtureCustomer('da', { accountManager: undefined }) }));
    expect(notice.subject).toBe('Kapacitetsvarsel for Acme Shop: ingen forventede mangler de næste 30 dage');
    expect(notice.text.replace(/\n/g, ' ')).toContain('Vi forventer ikke, at nogen af jeres servere kommer til at mangle kapacitet de næste 30 dage.');
    expect(notice.text).toContain('Jeres team hos Nordhost A/S');
    expect(notice.html).not.toContain('<svg');
  });

  it('describes a shortage without a chart when its series could not be read', () => {
    const notice = renderNotice(fixtureInput('sv', { series: new Map() }));
    expect(notice.html).not.toContain('<svg');
    expect(notice.html).toContain('Inget diagram: mätvärdena kunde inte läsas.');
  });

  it('leaves out the earliest/latest clause when the band is so narrow that both are the same day', () => {
    const sameDay = { earliest: diskRow.crossing.likely, likely: diskRow.crossing.likely, latest: diskRow.crossing.likely };
    const text = renderNotice(fixtureInput('da', { rows: [{ ...diskRow, crossing: sameDay }] })).text.replace(/\n/g, ' ');
    expect(text).toContain('ventes at være fuld (90\u00a0% brugt) omkring den 13. december 2026. I dag');
    expect(text).not.toContain('tidligst');
  });

  it('says the shortage may come later than the forecast reaches instead of copying the likely date as the latest', () => {
    const open = { ...diskRow.crossing, latest: null };
    const text = renderNotice(fixtureInput('en', { rows: [{ ...diskRow, crossing: open }] })).text.replace(/\n/g, ' ');
    expect(text).toContain('possibly later than the forecast reaches');
    expect(text).not.toContain('at the latest on');
  });

  it('escapes names that come from the inventory', () => {
    const notice = renderNotice(fixtureInput('en', { customer: fixtureCustomer('en', { name: 'Bob & <Sons>' }), hostingCompany: 'Host "Co"' }));
    expect(notice.html).toContain('Capacity notice for Bob &amp; &lt;Sons&gt;');
    expect(notice.html).toContain('Host &quot;Co&quot;');
    expect(notice.html).not.toContain('<Sons>');
  });
});
