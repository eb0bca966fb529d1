import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@mou/domain';
import { addressProblem, assertWebhookUrlAllowed, type HostLookup } from './webhook-url.policy.js';

const resolvesTo =
  (...addresses: string[]): HostLookup =>
  async () =>
    addresses.map((address) => ({ address }));
const neverResolves: HostLookup = async () => {
  throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
};

async function refusal(url: string, lookup: HostLookup = neverResolves): Promise<DomainError> {
  const error = await assertWebhookUrlAllowed(url, false, lookup).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  const domainError = error as DomainError;
  expect(domainError.code).toBe('VALIDATION_FAILED');
  expect(domainError.details.errors?.[0].field).toBe('url');
  return domainError;
}

describe('assertWebhookUrlAllowed', () => {
  it.each([
    'http://127.0.0.1/hook',
    'http://127.1/hook', // URL parsing normalises short and numeric forms
    'http://2130706433/hook',
    'http://10.0.0.5/hook',
    'https://192.168.1.10/hook',
    'http://172.16.0.1/hook',
    'http://100.64.0.1/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://0.0.0.0/hook',
    'http://224.0.0.1/hook',
    'http://[::1]:8080/hook',
    'http://[::]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:10.0.0.1]/hook',
    'http://[fe80::1]/hook',
    'http://[fd12:3456::1]/hook',
    'http://[64:ff9b::7f00:1]/hook',
  ])('refuses the non-public literal %s without asking DNS', async (url) => {
    const lookup: HostLookup = async () => {
      throw new Error('DNS must not be consulted for literals');
    };
    const error = await refusal(url, lookup);
    expect(error.message).toMatch(/only public addresses/);
  });

  it('refuses localhost by name', async () => {
    expect((await refusal('http://localhost:3000/hook')).message).toMatch(/localhost/);
    await refusal('http://api.localhost/hook');
  });

  it.each(['ftp://93.184.216.34/hook', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', ''])(
    'refuses %j as not an http(s) URL',
    async (url) => {
      expect((await refusal(url)).message).toMatch(/http/);
    },
  );

  it('refuses a hostname when any address it resolves to is private', async () => {
    const error = await refusal('https://hooks.example.org/x', resolvesTo('93.184.216.34', '10.1.2.3'));
    expect(error.message).toMatch(/hooks\.example\.org.*private/);
    await refusal('https://rebind.example.org/x', resolvesTo('::ffff:169.254.169.254'));
  });

  it('refuses a hostname that does not resolve', async () => {
    expect((await refusal('https://nowhere.invalid/x')).message).toMatch(/does not resolve/);
    await refusal('https://empty.example.org/x', resolvesTo());
  });

  it('allows public addresses and hostnames that resolve only to them', async () => {
    await expect(assertWebhookUrlAllowed('https://93.184.216.34/hook', false)).resolves.toBeUndefined();
    await expect(assertWebhookUrlAllowed('http://[2606:2800:220:1:248:1893:25c8:1946]/', false)).resolves.toBe(
      undefined,
    );
    await expect(
      assertWebhookUrlAllowed('https://hooks.example.org/x', false, resolvesTo('93.184.216.34', '2606:2800::1')),
    ).resolves.toBeUndefined();
  });

  it('allows loopback and private receivers when allowPrivate is set, but still only http(s)', async () => {
    await expect(assertWebhookUrlAllowed('http://127.0.0.1:9/hook', true, neverResolves)).resolves.toBeUndefined();
    await expect(assertWebhookUrlAllowed('http://localhost/hook', true, neverResolves)).resolves.toBeUndefined();
    await expect(assertWebhookUrlAllowed('ftp://127.0.0.1/', true)).rejects.toBeInstanceOf(DomainError);
  });
});

describe('addressProblem', () => {
  it('judges IPv4-mapped IPv6 by the IPv4 address inside', () => {
    expect(addressProblem('::ffff:127.0.0.1')).toMatch(/loopback/);
    expect(addressProblem('::ffff:93.184.216.34')).toBeNull();
  });
});

describe('IPv4-compatible IPv6 (::/96, deprecated)', () => {
  it('is refused whatever IPv4 address it embeds, as a literal and as a resolved address', async () => {
    expect(addressProblem('::7f00:1')).toMatch(/IPv4-compatible/);
    expect(addressProblem('::5db8:d822')).toMatch(/IPv4-compatible/); // ::93.184.216.34
    for (const url of ['http://[::127.0.0.1]/', 'http://[::a00:1]/hook', 'https://[::93.184.216.34]/']) {
      await expect(assertWebhookUrlAllowed(url, false)).rejects.toMatchObject({
        details: { errors: [{ field: 'url', message: expect.stringMatching(/IPv4-compatible/) }] },
      });
    }
    await expect(
      assertWebhookUrlAllowed('https://hooks.example.org/', false, async () => [{ address: '::7f00:1' }]),
    ).rejects.toThrow(/IPv4-compatible/);
  });
});
