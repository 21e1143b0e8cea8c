import type { Wheel } from '../fixtures/pypi-tree.js';
import { canonicalProject } from '../../pypi/dist-filename.js';
import { json, startStandIn, type StandIn } from './server.js';

/**
 * A stand-in Python package index: the Simple API project pages in their
 * JSON form (PEP 691, `/simple/PROJECT/`, each file with its sha256 and a
 * PEP 740 `provenance` URL) and the Integrity API
 * (`/integrity/PROJECT/VERSION/FILENAME/provenance`), from a wheelhouse.
 */
export interface PackageIndexOptions {
  wheels: readonly Wheel[];
  /** Wheels listed without provenance. */
  unattested?: (w: Wheel) => boolean;
}

export type PackageIndexStandIn = StandIn;


export async function startPackageIndex(options: PackageIndexOptions): Promise<PackageIndexStandIn> {
  const unattested = options.unattested ?? (() => false);
  let base = '';
  const standIn = await startStandIn((path) => {
    const clean = decodeURIComponent(path.split('?')[0]!);
    const page = /^\/simple\/([^/]+)\/$/.exec(clean);
    if (page) {
      const project = page[1]!;
      const wheels = options.wheels.filter((w) => canonicalProject(w.project) === project);
      if (wheels.length === 0) return undefined;
      return {
        status: 200,
        headers: { 'content-type': 'application/vnd.pypi.simple.v1+json' },
        body: JSON.stringify({
          meta: { 'api-version': '1.1' },
          name: project,
          versions: [...new Set(wheels.map((w) => w.version))],
          files: wheels.map((w, i) => ({
            filename: w.name,
            url: `${base}files/${w.name}`,
            hashes: { sha256: w.sha256 },
            'upload-time': new Date(Date.UTC(2025, 7, 1, 10, i)).toISOString(),
            provenance: unattested(w) ? null : `${base}integrity/${project}/${w.version}/${w.name}/provenance`,
          })),
        }),
      };
    }
    const integrity = /^\/integrity\/([^/]+)\/([^/]+)\/([^/]+)\/provenance$/.exec(clean);
    if (integrity) {
      const w = options.wheels.find((x) => canonicalProject(x.project) === integrity[1] && x.version === integrity[2] && x.name === integrity[3]);
      return w && !unattested(w) ? json(w.provenance) : undefined;
    }
    return undefined;
  });
  base = standIn.url;
  return standIn;
}
