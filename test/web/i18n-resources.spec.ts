import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every word of the console in both languages: the Thai and English resources have the same
 * keys, none empty; every key the code names exists; every value the API can send (status,
 * kind, role, sort, …) has words in both.
 */
const webSrc = join(process.cwd(), 'apps/web/src');
type Tree = { [key: string]: string | Tree };
const read = (file: string): Tree => JSON.parse(readFileSync(join(webSrc, 'i18n/locales', file), 'utf8')) as Tree;
/** As i18n/index.ts merges them: the shared resources, then the record screens', the import screen's and the documents panel's own files. */
const load = (locale: string): Tree => ({
  ...read(`${locale}.json`),
  ...read(`${locale}.record.json`),
  ...read(`${locale}.import.json`),
  ...read(`${locale}.documents.json`),
});

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') found.set(path, value);
    else for (const [k, v] of leaves(value, path)) found.set(k, v);
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const en = leaves(load('en'));
const th = leaves(load('th'));
const namespaces = new Set([...en.keys()].map((key) => key.split('.')[0]));
const sources = sourceFiles(webSrc).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

describe('console text in Thai and English', () => {
  it('has the same keys in both languages', () => {
    expect([...en.keys()].filter((key) => !th.has(key))).toEqual([]);
    expect([...th.keys()].filter((key) => !en.has(key))).toEqual([]);
  });

  it('has no empty text', () => {
    const empty = [...en, ...th].filter(([, value]) => value.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('names no key that does not exist', () => {
    const missing: string[] = [];
    for (const { path, text } of sources) {
      // Quoted keys anywhere ('nav.register' in a list counts too) and t(`prefix.${x}`) prefixes.
      for (const [, key] of text.matchAll(/['"]([a-zA-Z]+(?:\.[\w-]+)+)['"]/g)) {
        // A plural key is named without its suffix: t('agreement.daysLeft', { count }); a group
        // of labels by its prefix ('agreementForm.renewalOption', completed with a value), but
        // never as t()'s own argument, which would answer an object, not text.
        const group =
          [...en.keys()].some((k) => k.startsWith(`${key}.`)) && !new RegExp(`\\bt\\(\\s*['"]${key}['"]`).test(text);
        const known = en.has(key) || en.has(`${key}_other`) || group;
        if (namespaces.has(key.split('.')[0]) && !known) missing.push(`${path}: ${key}`);
      }
      for (const [, prefix] of text.matchAll(/\bt\(\s*`([\w.-]+)\.\$\{/g)) {
        if (![...en.keys()].some((key) => key.startsWith(`${prefix}.`))) missing.push(`${path}: ${prefix}.*`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has words for every value the API sends', () => {
    const doc = JSON.parse(readFileSync(join(webSrc, 'api/openapi.json'), 'utf8'));
    const schemas = doc.components.schemas;
    const sortParam = doc.paths['/agreements'].get.parameters.find((p: { name: string }) => p.name === 'sort');
    const vocabularies: Array<[string, string[]]> = [
      ['status', schemas.AgreementResponse.properties.status.enum],
      ['kind', schemas.AgreementResponse.properties.kind.enum],
      ['milestoneStatus', schemas.MilestoneResponse.properties.status.enum],
      ['deadlineKind', schemas.DeadlineItem.properties.kind.enum],
      ['roles', schemas.AuthUserResponse.properties.role.enum],
      ['sort', sortParam.schema.enum],
      ['documents.types', schemas.DocumentResponse.properties.type.enum],
      ['documents.extraction', schemas.ExtractionResponse.properties.state.enum],
    ];
    const missing = vocabularies.flatMap(([prefix, values]) =>
      values.map((value) => `${prefix}.${value}`).filter((key) => !en.has(key) || !th.has(key)),
    );
    expect(missing).toEqual([]);
  });
});
