import { fileURLToPath } from 'node:url';

/**
 * SQL built at run time (a list's optional filters, a chosen sort) cannot be read off the
 * source like a fixed statement. The repository that builds it registers builds that
 * switch every clause on, so test/data-layer.e2e-spec.ts can prepare them against the
 * migrated schema beside the fixed statements it finds by reading the source.
 */
type Samples = Record<string, () => string>;
const registered = new Map<string, Array<() => Samples>>();

/**
 * `samples` may be a function: a module whose samples take work to build (the reports
 * build every report) then builds them only when the statement test asks, not at boot.
 */
export function registerStatementSamples(moduleUrl: string, samples: Samples | (() => Samples)): void {
  const file = fileURLToPath(moduleUrl);
  registered.set(file, [...(registered.get(file) ?? []), typeof samples === 'function' ? samples : () => samples]);
}

/** Every registered sample, by the file that registered it. */
export function statementSamples(): ReadonlyMap<string, ReadonlyMap<string, () => string>> {
  return new Map(
    [...registered].map(([file, lists]) => [file, new Map(lists.flatMap((list) => Object.entries(list())))]),
  );
}
