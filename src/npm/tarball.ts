import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as z from 'zod';
import { readTarEntries } from '../archive/tar-entries.js';
import { VerifyError } from '../errors/index.js';
import { limitBytes, openBoundedStream } from '../files/read-bounded.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';
import { FILE_CAPS } from '../files/caps.js';

/**
 * The tarball's own package.json ("package/package.json": npm strips the
 * first path component, whatever its name). The whole archive is read,
 * streaming, so a second package.json further down cannot hide: any
 * ambiguity or damage fails.
 */
export interface PackageManifest {
  name: string;
  version: string;
}

const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

const manifestSchema = z.object({ name: z.string(), version: z.string() }).loose();

function bad(detail: string): VerifyError {
  return new VerifyError('ErrorInvalidFormat', `npm tarball: ${detail}`);
}

function isRootManifest(path: string): boolean {
  const parts = path.split('/');
  return parts.length === 2 && parts[1] === 'package.json';
}

export async function readTarballManifest(path: string): Promise<PackageManifest> {
  const file = await openBoundedStream(path, { what: 'tarball', maxBytes: FILE_CAPS.npmTarball, tooLargeCode: 'ErrorInvalidFormat' });
  const gunzip = createGunzip();
  // A gzip bomb stops here instead of streaming terabytes through the tar reader.
  const unpacked = limitBytes(FILE_CAPS.npmUnpacked, () => bad(`unpacks to more than ${FILE_CAPS.npmUnpacked} bytes`));
  const kept = await readTarEntries(pipeline(file, gunzip, unpacked, () => undefined), {
    keep: (entry) => {
      if (!isRootManifest(entry.path)) return false;
      if (entry.size > MAX_MANIFEST_BYTES) throw bad('package.json is too large');
      return true;
    },
    maxKeptBytes: 2 * MAX_MANIFEST_BYTES,
    label: `tarball ${path}`,
    fail: (detail) => bad(detail),
  });
  if (kept.size > 1) throw bad('more than one package.json at the package root');
  const [manifest] = kept.values();
  if (manifest === undefined) throw bad('no package.json at the package root');

  let json: unknown;
  try {
    json = parseUntrustedJson(new TextDecoder('utf-8', { fatal: true }).decode(manifest));
  } catch {
    throw bad('package.json is not valid JSON');
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw bad('package.json has no string name and version');
  return { name: parsed.data.name, version: parsed.data.version };
}
