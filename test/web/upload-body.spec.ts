import { describe, expect, it } from '@jest/globals';
import { uploadBody } from '../../apps/web/src/api/upload-body.js';

/** The bytes the console sends: the API reads the fields only when they come before the file. */
describe('a document upload body', () => {
  it('carries every given field before the file part, and leaves out absent ones', async () => {
    const file = new File([new Uint8Array([0x25, 0x50, 0x44, 0x46])], 'บันทึก.pdf', { type: 'application/pdf' });
    const form = uploadBody(
      { type: 'signed-copy', language: 'th', note: 'ฉบับลงนาม', milestoneId: undefined, authoritative: 'true' },
      file,
    );
    const wire = Buffer.from(await new Response(form).arrayBuffer()).toString('utf8');
    const names = [...wire.matchAll(/; name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(['type', 'language', 'note', 'authoritative', 'file']);
    expect(wire).toContain('filename="บันทึก.pdf"');
    expect(wire).toContain('ฉบับลงนาม');
  });
});
