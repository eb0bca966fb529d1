import { promises as dns } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { DomainError } from '@mou/domain';

/** How hostnames are resolved; a parameter so tests need no real DNS. */
export type HostLookup = (hostname: string) => Promise<Array<{ address: string }>>;

const systemLookup: HostLookup = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

const refuse = (message: string) => DomainError.invalid([{ field: 'url', message }]);

/**
 * Why an IP address may not receive webhooks, or null when it may. Only ipaddr.js's
 * 'unicast' range passes: loopback, private, link-local (cloud metadata lives at
 * 169.254.169.254), unique-local, CGNAT, multicast, reserved and the IPv6 forms that
 * embed an IPv4 address (6to4, NAT64, Teredo) are all refused. IPv4-mapped IPv6 is
 * unwrapped first so ::ffff:127.0.0.1 is judged as 127.0.0.1.
 */
export function addressProblem(address: string): string | null {
  if (!ipaddr.isValid(address)) return `"${address}" is not an IP address`;
  const range = ipaddr.process(address).range();
  return range === 'unicast' ? null : `points at a ${range} address (${address}); only public addresses may be used`;
}

/** Checks that need no DNS: scheme, host, and the host when it is an IP literal. Returns the hostname. */
export function assertWebhookUrlShape(url: string, allowPrivate: boolean): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse('must be an absolute http:// or https:// URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw refuse('must use http:// or https://');
  // WHATWG URL already normalised 0x7f.1 or 2130706433 to 127.0.0.1; IPv6 keeps its brackets.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw refuse('must name a host');
  if (allowPrivate) return host;
  if (ipaddr.isValid(host)) {
    const problem = addressProblem(host);
    if (problem) throw refuse(problem);
  } else if (host === 'localhost' || host.endsWith('.localhost')) {
    throw refuse('points at localhost; only public addresses may be used');
  }
  return host;
}

/**
 * Refuses webhook URLs that could reach the office's own network (SSRF), unless
 * WEBHOOK_ALLOW_PRIVATE is set for tests or closed networks. A hostname is judged by
 * every address it resolves to, and one that does not resolve is refused: what cannot
 * be checked is not trusted. Run it when a webhook is registered and again before each
 * delivery, since DNS answers change.
 */
export async function assertWebhookUrlAllowed(
  url: string,
  allowPrivate: boolean,
  lookup: HostLookup = systemLookup,
): Promise<void> {
  const host = assertWebhookUrlShape(url, allowPrivate);
  if (allowPrivate || ipaddr.isValid(host)) return;
  let addresses: Array<{ address: string }>;
  try {
    addresses = await lookup(host);
  } catch {
    throw refuse(`host "${host}" does not resolve`);
  }
  if (!addresses.length) throw refuse(`host "${host}" does not resolve`);
  for (const { address } of addresses) {
    const problem = addressProblem(address);
    if (problem) throw refuse(`host "${host}" ${problem}`);
  }
}
