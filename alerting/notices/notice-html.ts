import { escapeHtml as esc } from '../impl/smtp-notifier-message.ts';
import type { NoticeLetter } from './render-notice.ts';
import type { NoticeSection } from './notice-sections.ts';

/**
 * A4 on paper; on screen and in mail clients a column of readable width. Sections do not break
 * across pages, so a chart stays with the sentences that explain it. Styles are also repeated
 * inline on the elements that matter, as some mail clients drop <style>.
 */
const CSS = `
@page { size: A4; margin: 16mm 16mm 18mm 16mm; }
html { background: #fff; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #212121; font-size: 11pt; line-height: 1.45; max-width: 178mm; margin: 0 auto; padding: 10mm 6mm; }
header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 2px solid #1565c0; padding-bottom: 3mm; margin-bottom: 6mm; }
header .company { font-size: 14pt; font-weight: bold; color: #1565c0; }
header .date { color: #555; }
h1 { font-size: 15pt; margin: 0 0 5mm 0; }
h2 { font-size: 12.5pt; margin: 7mm 0 2mm 0; color: #b71c1c; }
section.shortage { break-inside: avoid; page-break-inside: avoid; }
figure { margin: 3mm 0; }
figure svg { width: 100%; height: auto; display: block; }
.label { font-weight: bold; }
.nochart { color: #777; font-style: italic; }
footer { margin-top: 8mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
}
`;

export function noticeHtml(l: NoticeLetter): string {
  return `<!DOCTYPE html>
<html lang="${esc(l.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(l.subject)}</title>
<style>${CSS}</style>
</head>
<body>
<header><span class="company">${esc(l.company)}</span><span class="date">${esc(l.date)}</span></header>
<h1>${esc(l.subject)}</h1>
<p>${esc(l.greeting)}</p>
<p>${esc(l.intro)}</p>
${l.sections.map((s) => sectionHtml(s, l)).join('\n')}
<footer>
<p>${esc(l.closing)}</p>
<p>${l.signature.map(esc).join('<br>\n')}</p>
</footer>
</body>
</html>
`;
}

function sectionHtml(s: NoticeSection, l: NoticeLetter): string {
  const chart = s.chart ? `<figure>${s.chart}</figure>` : `<p class="nochart">${esc(s.noChart)}</p>`;
  return `<section class="shortage" style="page-break-inside:avoid">
<h2 style="color:#b71c1c">${esc(s.heading)}</h2>
<p>${esc(s.what)} ${esc(s.now)}</p>
${chart}
<p><span class="label" style="font-weight:bold">${esc(l.labels.meaning)}:</span> ${esc(s.meaning)}</p>
<p><span class="label" style="font-weight:bold">${esc(l.labels.proposal)}:</span> ${esc(s.proposal)}</p>
</section>`;
}
