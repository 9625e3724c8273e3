/**
 * For tests: lays a notice out in headless Chromium (Debian's `chromium`) and reads back where
 * every text of its charts landed, so a test can check that no two labels overlap in the real
 * browser with the real fonts, not in a width estimate.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';

export interface TextBox {
  chart: number;
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface ChartLayout {
  /** Each chart's own box, in CSS pixels. */
  charts: { left: number; top: number; right: number; bottom: number }[];
  texts: TextBox[];
}

/** Runs after layout: the bounding box of every <text> of every chart, written into the DOM as JSON. */
const MEASURE = `<script>
(() => {
  const box = (r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
  const svgs = [...document.querySelectorAll('svg')];
  const texts = svgs.flatMap((svg, chart) => [...svg.querySelectorAll('text')]
    .filter((t) => t.textContent.trim() !== '')
    .map((t) => ({ chart, text: t.textContent, ...box(t.getBoundingClientRect()) })));
  const out = document.createElement('pre');
  out.id = 'chart-layout';
  out.textContent = JSON.stringify({ charts: svgs.map((s) => box(s.getBoundingClientRect())), texts });
  document.body.appendChild(out);
})();
</script>`;

export function chartLayout(html: string, widthPx = 1240): ChartLayout {
  const dir = mkdtempSync(join(tmpdir(), 'runway-layout-'));
  try {
    const page = join(dir, 'notice.html');
    writeFileSync(page, html.replace('</body>', `${MEASURE}</body>`));
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${join(dir, 'profile')}`, `--window-size=${widthPx},1754`, '--dump-dom', `file://${page}`];
    // The timeout only stops a hung browser from hanging the suite; nothing here measures time.
    const run = spawnSync(CHROMIUM, args, { encoding: 'utf8', timeout: 50_000, maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`chromium failed (${run.status}): ${run.stderr}`);
    const json = /<pre id="chart-layout">([\s\S]*?)<\/pre>/.exec(run.stdout)?.[1];
    if (!json) throw new Error('chromium printed no layout: did the page load?');
    return JSON.parse(json.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&nbsp;/g, '\u00a0').replace(/&amp;/g, '&')) as ChartLayout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Pairs of texts of one chart whose boxes overlap by more than `slackPx` both ways. */
export function overlaps(layout: ChartLayout, slackPx = 0.5): [TextBox, TextBox][] {
  const out: [TextBox, TextBox][] = [];
  const { texts } = layout;
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const [a, b] = [texts[i]!, texts[j]!];
      if (a.chart !== b.chart) continue;
      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (x > slackPx && y > slackPx) out.push([a, b]);
    }
  }
  return out;
}
