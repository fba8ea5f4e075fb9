import { clean, type CleanOptions } from '../../data/index.js';

/** Options of `keel clean`: {@link CleanOptions} plus k-fold label issues when no probabilities are given. */
export type CleanCommandOptions = CleanOptions & { readonly folds?: number | undefined; readonly seed?: number | undefined };

/**
 * `keel clean`: writes the cleaned copies and review CSV, prints a one-line summary through
 * `print` and returns exit code 0 (errors are thrown as typed KeelErrors).
 *
 * @example
 * ```ts
 * await cleanCommand({ input: 'a.csv', output: 'a.clean.csv', review: 'changes.csv', target: 'y' });
 * ```
 */
export async function cleanCommand(opts: CleanCommandOptions, print: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<number> {
  const { folds, seed, ...rest } = opts;
  const s = await clean(folds === undefined || rest.probs !== undefined ? rest : { ...rest, crossValidation: { folds, seed: seed ?? 0 } });
  print(
    `${opts.output}: ${s.rowsOut}/${s.rowsIn} rows kept (${s.duplicatesDropped} duplicates, ${s.labelIssuesDropped} label issues dropped; ` +
      `${s.labelsChanged} relabelled; ${s.cellsImputed} cells imputed)` +
      (opts.testOutput === undefined ? '' : `; ${opts.testOutput}: ${s.testRowsOut}/${s.testRowsIn} rows kept (${s.leakedRowsDropped} leaked)`) +
      `; changes in ${opts.review}`,
  );
  return 0;
}
