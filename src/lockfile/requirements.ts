import { VerifyError } from '../errors/index.js';
import { dedupeLocked } from './dedupe.js';
import type { LockedPackage } from './locked-package.js';

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
    for (const [, hash] of match[3]!.matchAll(/--hash[=\s](\S+)/g)) {
      const h = /^sha256:([0-9a-f]{64})$/i.exec(hash!);
      // sha384/sha512 pins are valid for pip but not compared here: a sha256 pin is required.
      if (h) sha256.push(h[1]!.toLowerCase());
      else if (!/^sha(?:384|512):[0-9a-f]+$/i.test(hash!)) throw new VerifyError('ErrorUsage', `${origin}: bad --hash ${hash!}`);
    }
    if (sha256.length === 0) throw new VerifyError('ErrorUsage', `${origin}: ${match[1]!} has no --hash=sha256: pin`);
    out.push({ ecosystem: 'pypi', name: match[1]!, version: match[2]!, origin, files: undefined, digests: { sha256 } });
  }
  return dedupeLocked(out);
}
