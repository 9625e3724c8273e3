import { DeliveryFailure } from '../notifier.ts';
import { retryAfterMs } from './retry.ts';

/**
 * One HTTP request of a delivery, its answer read as the outbox needs it: through, worth retrying
 * (network errors, 5xx, 408, 429, with the server's Retry-After), or refused for good (other 4xx).
 */
export async function deliverOverHttp(what: string, url: string, init: RequestInit & { timeoutMs: number }): Promise<void> {
  const { timeoutMs, ...rest } = init;
  let res: Response;
  try {
    res = await fetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs) });
  } catch (cause) {
    throw new DeliveryFailure(`${what} unreachable: ${(cause as Error).message}`, { permanent: false, cause });
  }
  // Read the (small) answer so the connection can be reused, and to quote it in the error.
  const answer = await res.text().catch(() => '');
  if (res.ok) return;
  const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
  const detail = answer.trim() ? `: ${answer.trim().slice(0, 200)}` : '';
  throw new DeliveryFailure(`${what} answered HTTP ${res.status}${detail}`, { permanent: !retryable, retryAfterMs: retryAfterMs(res.headers.get('retry-after')) });
}
