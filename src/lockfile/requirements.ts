import { VerifyError } from '../errors/index.js';
import { dedupeLocked } from './dedupe.js';
import type { LockedPackage } from './locked-package.js';
import { pinnedSha256 } from './pypi-files.js';

const REQUIREMENT = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*===?\s*([^\s;]+)\s*(?:;[^-]*)?((?:\s*--hash[=\s]\S+)+)\s*$/;

/**
 * requirements.txt in pip's --require-hashes form: every requirement is
 * `name==version` with at least one `--hash=sha256:HEX`, continuation lines
 * joined. Anything pip would treat otherwise (includes, editables, unpinned
 * or unhashed requirements, other options) is refused: we would not know
 * what pip installs.
 */
export function parseRequirements(text: string, source: string): LockedPackage[] {
  const out: LockedPackage[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let line = lines[i]!;
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++i]!}`;
    line = line.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const origin = `${source}:${start}`;
    const match = REQUIREMENT.exec(line);
    if (!match) throw new VerifyError('ErrorUsage', `${origin}: expected NAME==VERSION --hash=sha256:HEX (pip --require-hashes form): ${line.slice(0, 80)}`);
    const sha256: string[] = [];
    // pip installs a file matching any one pin: a sha384/sha512 pin this tool cannot compare would let an unverified file in, so it is refused.
    for (const [, hash] of match[3]!.matchAll(/--hash[=\s](\S+)/g)) sha256.push(pinnedSha256(hash!, origin));
    if (sha256.length === 0) throw new VerifyError('ErrorUsage', `${origin}: ${match[1]!} has no --hash=sha256: pin`);
    out.push({ ecosystem: 'pypi', name: match[1]!, version: match[2]!, origin, files: undefined, digests: { sha256 } });
  }
  return dedupeLocked(out);
}
