import { describe, expect, it } from '@jest/globals';
import { PdfWatcher } from './file-inspection.js';

/** Feeds `bytes` in pieces of `size` and returns what check() says (null: accepted). */
function verdict(bytes: Buffer, size: number): string | null {
  const watcher = new PdfWatcher();
  for (let at = 0; at < bytes.length; at += size) watcher.see(bytes.subarray(at, at + size));
  try {
    watcher.check();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('PdfWatcher', () => {
  const plain = Buffer.from(`%PDF-1.7\n${'x'.repeat(5000)}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
  const encrypted = Buffer.from(`%PDF-1.7\n${'x'.repeat(5000)}\ntrailer << /Encrypt 5 0 R >>\n%%EOF\n`);

  it('finds /Encrypt wherever the pieces split it, and %%EOF at the end', () => {
    for (const size of [1, 3, 7, 8, 64, 4096, 100_000]) {
      expect(verdict(plain, size)).toBeNull();
      expect(verdict(encrypted, size)).toMatch(/encrypted PDF/);
    }
  });

  it('refuses a PDF cut short (no %%EOF near its end)', () => {
    expect(verdict(plain.subarray(0, 4000), 64)).toMatch(/not a complete PDF/);
    expect(verdict(Buffer.concat([plain, Buffer.alloc(4096, 0x20)]), 512)).toMatch(/not a complete PDF/);
  });
});
