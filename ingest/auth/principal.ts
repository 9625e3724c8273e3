import { RunwayError } from '../../core/errors.ts';
import type { HostEntry } from '../../core/inventory/inventory.ts';

/** Who is calling, as far as Runway is concerned. */
export type Principal =
  /** A customer's collectors: may write that customer's hosts only. */
  | { role: 'write'; customer: string }
  /** Planners and account managers: may read the named customers ('*': all). */
  | { role: 'read'; customers: ReadonlySet<string> | '*' }
  | { role: 'admin' }
  /** No inventory configured: a single-tenant set-up where the payload's customer tag (or the default) counts. */
  | { role: 'open' };

export interface TenantRules {
  /** Host name → owner; absent in open mode. */
  hosts?: ReadonlyMap<string, HostEntry>;
  defaultCustomer: string;
}

/**
 * Decides the customer of every point of a write from the principal, never from the payload
 * (except in open mode). One foreign or unknown host refuses the whole request, so a misrouted
 * collector is noticed at once and nothing lands in another customer's namespace.
 */
export class CustomerAssigner {
  readonly #refused = new Set<string>();

  private readonly principal: Principal;
  private readonly rules: TenantRules;
  constructor(
    principal: Principal,
    rules: TenantRules,
  ) {
    this.principal = principal;
    this.rules = rules;
    if (principal.role === 'read') throw new RunwayError('RUNWAY_ERR_AUTH_FORBIDDEN', { reason: 'this token may only read' });
  }

  /** The customer of a point from this host; '' when refused (see assertNothingRefused). */
  customerOf(host: string | undefined, payloadCustomer: string | undefined): string {
    const p = this.principal;
    if (p.role === 'open') return payloadCustomer ?? this.rules.defaultCustomer;
    const owner = host === undefined ? undefined : this.rules.hosts?.get(host)?.customer.id;
    if (owner !== undefined && (p.role === 'admin' || (p.role === 'write' && owner === p.customer))) return owner;
    this.#refused.add(host ?? '(no host tag)');
    return '';
  }

  /** Throws 403 naming the refused hosts; call once every point of the request has been assigned. */
  assertNothingRefused(): void {
    if (this.#refused.size === 0) return;
    const who = this.principal.role === 'write' ? `customer "${this.principal.customer}"` : 'the inventory';
    const hosts = [...this.#refused];
    const list = hosts.slice(0, 10).join(', ') + (hosts.length > 10 ? ` and ${hosts.length - 10} more` : '');
    throw new RunwayError('RUNWAY_ERR_AUTH_FORBIDDEN', {
      reason: `host${hosts.length > 1 ? 's' : ''} ${list} not in ${who}; nothing of this request was stored (add new hosts to the inventory)`,
    });
  }
}

/** Whether a principal may read a customer's results. */
export function mayRead(principal: Principal, customer: string): boolean {
  switch (principal.role) {
    case 'admin':
    case 'open':
      return true;
    case 'write':
      return principal.customer === customer;
    case 'read':
      return principal.customers === '*' || principal.customers.has(customer);
  }
}
