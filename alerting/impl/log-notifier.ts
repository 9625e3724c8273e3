import type { AlertNotification, Notifier } from '../notifier.ts';

interface Logger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** Every alert goes to the log, whatever other channels are configured. */
export class LogNotifier implements Notifier {
  readonly name = 'log';
  readonly recipients = ['log'] as const;
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  async send(alerts: readonly AlertNotification[]): Promise<void> {
    for (const a of alerts) {
      const entry = { alert: a.labels, status: a.status, remediation: a.annotations.remediation };
      if (a.status === 'firing') this.#log.warn(entry, a.annotations.summary);
      else this.#log.info(entry, `resolved: ${a.annotations.summary}`);
    }
  }
}
