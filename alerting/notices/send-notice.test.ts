import { afterEach, describe, expect, it } from 'vitest';
import { readMime, startTestSmtpServer, type TestSmtpServer } from '../impl/smtp-notifier-test-server.ts';
import { fixtureInput } from './notice-fixtures.ts';
import { renderNotice } from './render-notice.ts';
import { sendNotice } from './send-notice.ts';

let server: TestSmtpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('sendNotice', () => {
  it('delivers the notice to a real SMTP server as HTML with a plain-text alternative', async () => {
    server = await startTestSmtpServer({ replies: [421] });
    const notice = renderNotice(fixtureInput('da'));
    const transport = { host: '127.0.0.1', port: server.port, secure: false, from: 'Nordhost <drift@nordhost.example>', replyTo: 'mette@nordhost.example', retry: { baseDelayMs: 5, maxDelayMs: 20 } };
    const delivery = await sendNotice(transport, notice, ['anna@acme.example']);

    expect(delivery.accepted).toEqual(['anna@acme.example']);
    expect(server.received).toHaveLength(1);
    const mail = server.received[0]!;
    expect(mail.to).toEqual(['anna@acme.example']);
    const { headers, parts } = readMime(mail.raw);
    expect(headers.subject).toBe('Kapacitetsvarsel for Acme Shop: 2 forventede mangler de næste 30 dage');
    expect(headers['reply-to']).toBe('mette@nordhost.example');
    expect(headers['content-type']).toMatch(/^multipart\/alternative/);
    const text = parts.find((p) => p.headers['content-type']?.startsWith('text/plain'));
    const html = parts.find((p) => p.headers['content-type']?.startsWith('text/html'));
    expect(text?.body.replace(/\r?\n/g, ' ')).toContain('Disken /var på web-1 ventes at være fuld');
    expect(html?.body).toContain('<html lang="da">');
    expect(html?.body).toContain('<circle class="crossing"');
    expect(html?.body).toContain('Forventet 13. december 2026');
  });

  it('refuses to send to nobody', async () => {
    await expect(sendNotice({ host: '127.0.0.1', port: 1, secure: false, from: 'x@y' }, renderNotice(fixtureInput('en')), [])).rejects.toThrow(/no recipients/);
  });
});
