import { createPublicKey, type KeyObject } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { ownRecord } from '../input/own-record.js';
import { readBoundedFileSync } from '../files/read-bounded.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';
import { FILE_CAPS } from '../files/caps.js';

/**
 * `--trust-config FILE`: the public keys this tool does not ship. Today only
 * Google Cloud Build's attestor keys, by the names slsa-verifier gives them
 * (a region such as "us-central1" for regional keys, "global-pae-provenanceSigner_1"
 * and "global-pae-google-hosted-worker_1" for the global PAE keys):
 *
 *   { "gcb": { "keysDir": "keys/gcb", "keys": { "us-central1": "us-central1.key" } } }
 *
 * `keysDir` loads every NAME.key in a directory; `keys` maps a name to a PEM
 * file or to the PEM text itself. Relative paths are relative to the config file.
 */

const configSchema = z
  .object({
    gcb: z
      .object({
        keysDir: z.string().min(1).optional(),
        keys: ownRecord(z.string().min(1), z.string().min(1)).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export interface TrustConfig {
  origin: string;
  /** Key name -> ECDSA public key. */
  gcbKeys: ReadonlyMap<string, KeyObject>;
}

const MAX_CONFIG_BYTES = FILE_CAPS.trustConfig;

function invalid(detail: string): VerifyError {
  return new VerifyError('ErrorInvalidTrustConfig', detail);
}

function readText(path: string, what: string): string {
  return readBoundedFileSync(path, { what, maxBytes: MAX_CONFIG_BYTES, tooLargeCode: 'ErrorInvalidTrustConfig' }).toString('utf8');
}

/** As slsa-verifier's keys.NewPublicKey: a PEM "PUBLIC KEY" holding an ECDSA key, nothing else. */
export function parseEcdsaPublicKey(pem: string, name: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (err) {
    throw invalid(`key "${name}": not a PEM public key (${err instanceof Error ? err.message : String(err)})`);
  }
  if (key.asymmetricKeyType !== 'ec') throw invalid(`key "${name}": not an ECDSA key`);
  return key;
}

export function loadTrustConfig(path: string): TrustConfig {
  let json: unknown;
  try {
    json = parseUntrustedJson(readText(path, 'trust config'));
  } catch (err) {
    if (err instanceof VerifyError) throw err;
    throw invalid(`${path}: not valid JSON`);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`${path}: ${issue ? `${issue.path.join('.') || 'top level'}: ${issue.message}` : 'bad shape'}`);
  }
  const base = dirname(path);
  const resolve = (p: string): string => (isAbsolute(p) ? p : join(base, p));
  const keys = new Map<string, KeyObject>();
  const gcb = parsed.data.gcb;
  if (gcb?.keysDir !== undefined) {
    const dir = resolve(gcb.keysDir);
    let names: string[];
    try {
      names = readdirSync(dir).filter((f) => f.endsWith('.key')).sort();
    } catch (err) {
      throw new VerifyError('ErrorUnreadableFile', `trust config keysDir ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    for (const file of names) {
      const name = basename(file, '.key');
      keys.set(name, parseEcdsaPublicKey(readText(join(dir, file), 'key'), name));
    }
  }
  for (const [name, value] of Object.entries(gcb?.keys ?? {})) {
    const pem = value.trimStart().startsWith('-----BEGIN') ? value : readText(resolve(value), 'key');
    keys.set(name, parseEcdsaPublicKey(pem, name));
  }
  return { origin: path, gcbKeys: keys };
}
