import { VerifyError } from '../errors/index.js';
import type { Fetcher } from '../net/fetcher.js';
import { parseDistFilename } from './dist-filename.js';
import { fetchPypiEvidence } from './fetch-evidence.js';
import { parsePypiProvenance, type PypiProvenance } from './provenance-file.js';

/**
 * The provenance of one distribution at hand, from the index: the file is
 * found on its project's page (PEP 691) by its name and sha256, and its PEP
 * 740 provenance object fetched as verify-lockfile fetches it. The index
 * listing the name with another hash means the file is not the one it
 * serves; a release without provenance after releases that had it is a
 * downgrade.
 */
export async function fetchDistProvenance(fetcher: Fetcher, index: string, filename: string, sha256: string): Promise<PypiProvenance> {
  const dist = parseDistFilename(filename);
  const evidence = await fetchPypiEvidence(fetcher, index, dist.project, dist.version, { files: [filename], sha256: [sha256], fileDigests: new Map([[filename, sha256]]) });
  if (evidence.mismatched.length > 0) throw new VerifyError('ErrorMismatchHash', `${filename} is not the file ${index} serves under that name (its sha256 differs)`);
  const file = evidence.files[0];
  if (file === undefined) throw new VerifyError('ErrorNotPresent', `${index} lists no ${filename} with sha256 ${sha256.slice(0, 16)}...`);
  if (file.provenance === undefined) {
    if (evidence.attestedEarlier.length > 0) {
      throw new VerifyError('ErrorEvidenceDowngrade', `${filename} has no provenance on ${index}, but earlier releases (${evidence.attestedEarlier.slice(0, 3).join(', ')}) had it`);
    }
    throw new VerifyError('ErrorNotPresent', `${index} has no provenance for ${filename}`);
  }
  return parsePypiProvenance(file.provenance);
}
