import { ALERT_MEASUREMENT, float, msToNs, str, type MetricPoint } from '../core/schema.ts';
import type { MetricStore } from '../core/store.ts';
import type { Config } from '../core/config.ts';
import { runForecastJob, runwayPoint, type ForecastRun } from '../forecast/job/forecast-job.ts';
import { AlertTracker } from '../alerting/alert-tracker.ts';
import { evaluateEarlyWarnings, severityOf, type EarlyWarning } from '../alerting/early-warning.ts';
import type { AlertNotification, Notifier } from '../alerting/notifier.ts';

export interface CycleResult {
  forecast: ForecastRun;
  warnings: EarlyWarning[];
  /** What was delivered this cycle (new, escalated or resolved alerts only). */
  delivered: AlertNotification[];
  deliveryFailures: { notifier: string; error: string }[];
}

interface Logger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * One pass of the pipeline after ingest: forecast every series, judge the runway rows,
 * store them with their severity for Grafana, and deliver what changed.
 */
export class CapacityCycle {
  readonly #tracker = new AlertTracker();
  #latest: CycleResult | null = null;
  #running: Promise<CycleResult> | null = null;

  constructor(
    private readonly deps: { config: Config; store: MetricStore; notifiers: readonly Notifier[]; log: Logger },
  ) {}

  get latest(): CycleResult | null {
    return this.#latest;
  }

  /** Runs a cycle; a call while one is running waits for that one instead of starting a second. */
  run(nowMs: number = Date.now()): Promise<CycleResult> {
    this.#running ??= this.#runOnce(nowMs).finally(() => (this.#running = null));
    return this.#running;
  }

  async #runOnce(nowMs: number): Promise<CycleResult> {
    const { config, store, notifiers, log } = this.deps;
    const forecast = await runForecastJob({
      reader: store,
      writer: store,
      historyDays: config.forecastHistoryDays,
      horizonDays: config.forecastHorizonDays,
      levelPercent: config.forecastLevelPercent,
      country: config.forecastCountry,
      diskThresholdPercent: config.diskThresholdPercent,
      nowMs,
    });
    const policy = { warningDays: config.warningDays, criticalDays: config.criticalDays };
    const warnings = evaluateEarlyWarnings(forecast.rows, policy);
    await store.write(forecast.rows.map((row) => runwayPoint(row, severityOf(row, policy) ?? 'ok')));

    const delivered = this.#tracker.update(warnings, nowMs);
    const deliveryFailures: CycleResult['deliveryFailures'] = [];
    for (const notifier of notifiers) {
      try {
        await notifier.send(delivered);
      } catch (e) {
        deliveryFailures.push({ notifier: notifier.name, error: (e as Error).message });
        log.error({ notifier: notifier.name, err: e }, 'alert delivery failed');
      }
    }
    if (delivered.length > 0) await store.write(delivered.map((a) => alertPoint(a, nowMs)));
    log.info({ run: forecast.run, series: forecast.rows.length, failures: forecast.failures.length, warnings: warnings.length, delivered: delivered.length, ms: forecast.durationMs }, 'capacity cycle done');
    this.#latest = { forecast, warnings, delivered, deliveryFailures };
    return this.#latest;
  }
}

/** Alert state changes, stored so Grafana can show an alert list and timeline. */
function alertPoint(a: AlertNotification, nowMs: number): MetricPoint {
  const { alertname = '', severity = '', customer = '', host = '', resource = '' } = a.labels;
  return {
    measurement: ALERT_MEASUREMENT,
    tags: { alertname, severity, customer, host, resource },
    fields: { state: str(a.status), summary: str(a.annotations.summary), remediation: str(a.annotations.remediation), fingerprint: str(a.fingerprint), firing: float(a.status === 'firing' ? 1 : 0) },
    timeNs: msToNs(nowMs),
  };
}
