import { extensionMediaType } from '@mou/documents';

const MAX_NAME_LENGTH = 255;
const defaultExtension: Record<string, string> = Object.fromEntries(
  Object.entries(extensionMediaType)
    .reverse()
    .map(([ext, type]) => [type, ext]),
);

/**
 * A file name as a display name only, never a path: the last path segment (either
 * separator), without control or bidi-format characters (which can disguise an
 * extension), trimmed, NFC, at most 255 characters with its extension kept. Nothing is
 * ever written to a file system under this name.
 */
export function displayName(raw: string | undefined, mediaType: string): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, '');
  name = name.replace(/^[\s.]+|[\s.]+$/gu, '');
  if (!name) name = `document.${defaultExtension[mediaType] ?? 'bin'}`;
  const chars = [...name];
  if (chars.length > MAX_NAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = chars.slice(0, MAX_NAME_LENGTH - [...ext].length).join('') + ext;
  }
  return name;
}

/** The media type a file name's extension claims, if it claims an allowed one. */
export function claimedByName(name: string | undefined): string | undefined {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(name ?? '')?.[1]?.toLowerCase();
  return ext ? extensionMediaType[ext] : undefined;
}

/** Content-Disposition for a download: an ASCII fallback and the UTF-8 name (RFC 6266 / 8187). */
export function attachmentHeader(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
