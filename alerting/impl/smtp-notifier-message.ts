import type { AlertNotification } from '../notifier.ts';

export interface AlertEmail {
  subject: string;
  text: string;
  html: string;
}

/** How many alerts the subject names before "+N more": a subject is read in a list, not in full. */
const SUBJECT_NAMES = 2;

/**
 * One e-mail for one delivery batch: the subject says how many fire and how bad they are, so an
 * inbox rule or a glance can triage it; the body lists each alert's summary and remediation.
 */
export function alertEmail(alerts: readonly AlertNotification[], subjectPrefix = '[Runway]'): AlertEmail {
  const ordered = [...alerts].sort((a, b) => rank(a) - rank(b));
  return { subject: subjectOf(ordered, subjectPrefix), text: textOf(ordered), html: htmlOf(ordered) };
}

function subjectOf(alerts: readonly AlertNotification[], prefix: string): string {
  const firing = alerts.filter((a) => a.status === 'firing');
  const resolved = alerts.length - firing.length;
  const parts: string[] = [];
  if (firing.length > 0) {
    const bySeverity = new Map<string, number>();
    for (const a of firing) bySeverity.set(severity(a), (bySeverity.get(severity(a)) ?? 0) + 1);
    parts.push(`${firing.length} firing (${[...bySeverity].map(([s, n]) => `${n} ${s}`).join(', ')})`);
  }
  if (resolved > 0) parts.push(`${resolved} resolved`);
  const names = alerts.slice(0, SUBJECT_NAMES).map(shortName);
  const more = alerts.length > SUBJECT_NAMES ? `, +${alerts.length - SUBJECT_NAMES} more` : '';
  return `${prefix} ${parts.join(', ')}: ${names.join(', ')}${more}`;
}

function textOf(alerts: readonly AlertNotification[]): string {
  const blocks = alerts.map((a) =>
    [
      `${heading(a)}`,
      `  ${a.annotations.summary}`,
      a.status === 'firing' ? `  Proposal: ${a.annotations.remediation}` : `  Resolved at ${a.endsAt}.`,
      `  Since ${a.startsAt}; fingerprint ${a.fingerprint}`,
    ].join('\n'),
  );
  return `Runway capacity alerts\n\n${blocks.join('\n\n')}\n`;
}

function htmlOf(alerts: readonly AlertNotification[]): string {
  const items = alerts.map((a) => {
    const colour = a.status === 'resolved' ? '#2e7d32' : severity(a) === 'critical' ? '#c62828' : '#ef6c00';
    const detail = a.status === 'firing' ? `<p><strong>Proposal:</strong> ${escapeHtml(a.annotations.remediation)}</p>` : `<p>Resolved at ${escapeHtml(a.endsAt)}.</p>`;
    return `<div style="border-left:4px solid ${colour};padding:4px 12px;margin:12px 0">
<h3 style="margin:4px 0;color:${colour}">${escapeHtml(heading(a))}</h3>
<p>${escapeHtml(a.annotations.summary)}</p>
${detail}
<p style="color:#666;font-size:small">Since ${escapeHtml(a.startsAt)}; fingerprint ${escapeHtml(a.fingerprint)}</p>
</div>`;
  });
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Runway capacity alerts</title></head>
<body style="font-family:sans-serif;max-width:48em">
<h2>Runway capacity alerts</h2>
${items.join('\n')}
</body></html>
`;
}

function heading(a: AlertNotification): string {
  const state = a.status === 'firing' ? `FIRING, ${severity(a).toUpperCase()}` : 'RESOLVED';
  return `${state}: ${a.labels.alertname ?? 'alert'} for ${shortName(a)}`;
}

function shortName(a: AlertNotification): string {
  return [a.labels.customer, a.labels.host, a.labels.resource].filter(Boolean).join(' ');
}

const severity = (a: AlertNotification): string => a.labels.severity ?? 'unknown';

/** Firing before resolved, critical before warning: the order someone should read them in. */
function rank(a: AlertNotification): number {
  if (a.status === 'resolved') return 3;
  return severity(a) === 'critical' ? 0 : severity(a) === 'warning' ? 1 : 2;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
