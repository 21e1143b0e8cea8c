import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { VerifyError } from '../errors/index.js';

export interface DistTarget {
  path: string;
  /** The filename the attestation subject must name. */
  distName: string;
  /** undefined: fetched from the index (a file given without --provenance, the network allowed). */
  provenancePath: string | undefined;
  /** A wheelhouse file without provenance fails (ErrorNotPresent); a named --provenance that cannot be read is a usage error. */
  missing: 'ErrorUnreadableFile' | 'ErrorNotPresent';
}

const DIST = /\.(?:whl|tar\.gz)$/;

/** DIST with --provenance FILE (or, `fetch` allowed, without: from the index), or DIR: every wheel and sdist in it, each with `FILE.provenance` beside it. */
export async function resolveTargets(input: string, provenance: string | undefined, fetch = false): Promise<DistTarget[]> {
  let info;
  try {
    info = await stat(input);
  } catch (err) {
    throw new VerifyError('ErrorUnreadableFile', `${input}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (!info.isDirectory()) {
    if (provenance === undefined && !fetch) throw new VerifyError('ErrorUsage', "required option '--provenance <file>' not specified for a distribution file");
    return [{ path: input, distName: basename(input), provenancePath: provenance, missing: 'ErrorUnreadableFile' }];
  }
  if (provenance !== undefined) throw new VerifyError('ErrorUsage', '--provenance is not allowed with a directory: each distribution uses FILE.provenance');
  const entries = await readdir(input, { withFileTypes: true });
  const targets = entries
    .filter((e) => e.isFile() && DIST.test(e.name))
    .map((e) => e.name)
    .sort()
    .map((name): DistTarget => ({ path: join(input, name), distName: name, provenancePath: join(input, `${name}.provenance`), missing: 'ErrorNotPresent' }));
  if (targets.length === 0) throw new VerifyError('ErrorUsage', `no distribution (*.whl, *.tar.gz) in ${input}`);
  return targets;
}
