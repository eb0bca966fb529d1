import { promises as dns, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
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
 * embed an IPv4 address (6to4, NAT64, Teredo, and the deprecated IPv4-compatible ::/96,
 * which ipaddr.js calls unicast: `[::127.0.0.1]` is written `[::7f00:1]` once parsed) are
 * all refused. IPv4-mapped IPv6 is unwrapped first so ::ffff:127.0.0.1 is judged as
 * 127.0.0.1.
 */
export function addressProblem(address: string): string | null {
  if (!ipaddr.isValid(address)) return `"${address}" is not an IP address`;
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  if (range !== 'unicast') return `points at a ${range} address (${address}); only public addresses may be used`;
  if (parsed.kind() === 'ipv6' && parsed.match(IPV4_COMPATIBLE)) {
    return `points at an IPv4-compatible IPv6 address (${address}), which embeds an IPv4 one; only public addresses may be used`;
  }
  return null;
}

const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

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

/** A webhook refused by the URL policy at connect time; its message names the host and why. */
export class WebhookAddressRefused extends Error {
  readonly code = 'WEBHOOK_ADDRESS_REFUSED';
}

/**
 * The resolver the webhook channel connects with (net.connect's `lookup`): it resolves the
 * host once, refuses it if any address is not public, and hands the connection exactly
 * the addresses it checked. Resolving to check and again to connect would let a host
 * answer a public address to the check and a private one to the connection (DNS
 * rebinding). With allowPrivate every address passes.
 */
export function checkedLookup(allowPrivate: boolean, lookup: HostLookup = systemLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolveChecked(hostname, allowPrivate, lookup).then(
      (addresses) => {
        const wanted = options.family ? addresses.filter((a) => a.family === options.family) : addresses;
        if (!wanted.length) {
          callback(
            Object.assign(new Error(`host "${hostname}" has no IPv${options.family} address`), { code: 'ENOTFOUND' }),
            '',
          );
        } else if (options.all) {
          callback(null, wanted);
        } else {
          callback(null, wanted[0].address, wanted[0].family);
        }
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, ''),
    );
  };
}

async function resolveChecked(hostname: string, allowPrivate: boolean, lookup: HostLookup): Promise<LookupAddress[]> {
  let addresses: Array<{ address: string }>;
  try {
    addresses = await lookup(hostname);
  } catch {
    throw new WebhookAddressRefused(`host "${hostname}" does not resolve`);
  }
  if (!addresses.length) throw new WebhookAddressRefused(`host "${hostname}" does not resolve`);
  for (const { address } of addresses) {
    const problem = allowPrivate ? null : addressProblem(address);
    if (problem) throw new WebhookAddressRefused(`host "${hostname}" ${problem}`);
  }
  return addresses.map(({ address }) => ({ address, family: ipaddr.parse(address).kind() === 'ipv6' ? 6 : 4 }));
}

/**
 * Refuses webhook URLs that could reach the office's own network (SSRF), unless
 * WEBHOOK_ALLOW_PRIVATE is set for tests or closed networks. A hostname is judged by
 * every address it resolves to, and one that does not resolve is refused: what cannot
 * be checked is not trusted. Run it when a webhook is registered; a delivery checks the
 * addresses it connects to (checkedLookup), since DNS answers change.
 */
export async function assertWebhookUrlAllowed(
  url: string,
  allowPrivate: boolean,
  lookup: HostLookup = systemLookup,
): Promise<void> {
  const host = assertWebhookUrlShape(url, allowPrivate);
  if (allowPrivate || ipaddr.isValid(host)) return;
  try {
    await resolveChecked(host, false, lookup);
  } catch (error) {
    throw refuse((error as Error).message);
  }
}
