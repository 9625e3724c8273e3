import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCommandLine, type CommandLine } from '../core/command-line.ts';
import { loadConfig } from '../core/config.ts';
import { loadInventory } from '../core/inventory/load-inventory.ts';
import { seriesSourceOf } from '../core/impl/rollup-schema.ts';
import { storeFromConfig } from '../core/store-from-config.ts';
import { smtpServerOf } from '../alerting/alerting-from-config.ts';
import { noticeInputFor } from '../alerting/notices/notice-input.ts';
import { renderNotice } from '../alerting/notices/render-notice.ts';
import { sendNotice } from '../alerting/notices/send-notice.ts';
import { readPoolsOfRun } from '../service/stored-pools.ts';
import { readLatestRunwayRows } from '../service/stored-runway.ts';

const DAY_MS = 86_400_000;

const USAGE = `runway notices [--days N] [--customer ID] [--out DIR] [--send]

Writes, per customer of the inventory, a resource-shortage notice in the customer's language:
the shortages expected within N days (default 30) of disk space, peak load, memory, CPU and
inodes, what they would mean, the proposal (with whether the host's server pool can absorb
it), and a chart each. One printable HTML file (also the e-mail body) and a text file per customer in
DIR (default notices/). --send also e-mails each notice to the customer's contacts, through
RUNWAY_SMTP_URL, with the account manager as Reply-To. Needs RUNWAY_INVENTORY.

It reads the runway rows, pools and forecasts that runway serve stored at its latest forecast run, and
writes nothing to InfluxDB: the notices say what the dashboards and alerts say.`;

/** `runway notices`: one notice per customer with shortages, from the newest stored forecast run. */
export async function runNoticesCommand(argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(USAGE + '\n');
    return 0;
  }
  let options: CommandLine<'days' | 'customer' | 'out', 'send'>;
  try {
    options = readCommandLine(argv, { values: ['days', 'customer', 'out'], switches: ['send'] });
  } catch (e) {
    io.stderr(`runway notices: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values: flags, switches } = options;
  const days = Number(flags.days ?? 30);
  if (!Number.isInteger(days) || days < 1) {
    io.stderr(`runway notices: --days must be a positive whole number\n\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  if (!config.inventoryFile) {
    io.stderr('runway notices: set RUNWAY_INVENTORY to the inventory file: notices need each customer\'s language and contacts\n');
    return 2;
  }
  const inventory = loadInventory(config.inventoryFile);
  const store = storeFromConfig(config);
  const rows = await readLatestRunwayRows(store);
  const source = await seriesSourceOf(store);
  if (rows.length === 0) {
    io.stderr(`runway notices: no runway rows in InfluxDB database "${config.influxDb}" at ${config.influxUrl}: runway serve stores them at every forecast run; start it and let one run finish\n`);
    return 1;
  }
  // The notice speaks as of the run it reports, so its "today" and its dates agree with the forecast.
  const runMs = rows[0]!.computedAtMs;
  const pools = await readPoolsOfRun(store, runMs);
  if (Date.now() - runMs > 2 * DAY_MS) io.stderr(`runway notices: the newest forecast run is from ${new Date(runMs).toISOString()}; is runway serve running?\n`);
  const out = flags.out ?? 'notices';
  mkdirSync(out, { recursive: true });
  for (const customer of inventory.customers.filter((c) => flags.customer === undefined || c.id === flags.customer)) {
    const input = await noticeInputFor({ reader: store, source, customer, rows, pools, nowMs: runMs, withinDays: days, hostingCompany: config.hostingCompany });
    if (input.rows.length === 0) continue;
    const notice = renderNotice(input);
    writeFileSync(join(out, `${customer.id}.html`), notice.html);
    writeFileSync(join(out, `${customer.id}.txt`), notice.text);
    io.stdout(`${customer.id} (${customer.language}): ${input.rows.length} shortage(s) → ${join(out, `${customer.id}.html`)}\n`);
    const to = customer.contacts.flatMap((c) => (c.email ? [c.email] : []));
    if (switches.has('send') && config.smtpUrl && to.length > 0) {
      const replyTo = customer.accountManager?.email;
      await sendNotice({ ...smtpServerOf(config.smtpUrl), from: config.alertEmailFrom, ...(replyTo ? { replyTo } : {}) }, notice, to);
      io.stdout(`  sent to ${to.join(', ')}\n`);
    }
  }
  return 0;
}
