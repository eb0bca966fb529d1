import { fileURLToPath } from 'node:url';

/**
 * SQL built at run time (a list's optional filters, a chosen sort) cannot be read off the
 * source like a fixed statement. The repository that builds it registers builds that
 * switch every clause on, so test/data-layer.e2e-spec.ts can prepare them against the
 * migrated schema beside the fixed statements it finds by reading the source.
 */
const samplesByFile = new Map<string, Map<string, () => string>>();

export function registerStatementSamples(moduleUrl: string, samples: Record<string, () => string>): void {
  const file = fileURLToPath(moduleUrl);
  const known = samplesByFile.get(file) ?? new Map<string, () => string>();
  for (const [name, build] of Object.entries(samples)) known.set(name, build);
  samplesByFile.set(file, known);
}

/** Every registered sample, by the file that registered it. */
export function statementSamples(): ReadonlyMap<string, ReadonlyMap<string, () => string>> {
  return samplesByFile;
}
