import { asVerifyError, VerifyError } from '../errors/index.js';
import type { EmitVsaFlags } from './cli-flags.js';
import { signStatement } from './dsse.js';
import { readVsaSigningKey, type VsaSigningKey } from './signing-key.js';
import { buildVsaStatement, DEFAULT_VERIFIER_ID, type VsaFacts } from './statement.js';
import { writeFileAtomic } from '../files/write-atomic.js';

export interface VsaEmitter {
  /** Writes the VSA for a PASSED run; throws a VerifyError when it cannot (nothing is written then). */
  emit(facts: VsaFacts): Promise<void>;
}

/**
 * Checks the --emit-vsa flags and loads the signing key before anything is
 * verified, so a bad key is a usage error (exit 2) rather than a surprise
 * after a PASSED verdict. Undefined when no VSA was asked for.
 */
export async function prepareVsaEmitter(flags: EmitVsaFlags): Promise<VsaEmitter | undefined> {
  const path = flags.emitVsa;
  if (path === undefined) {
    const stray = (['vsaKey', 'vsaKeyId', 'vsaVerifierId', 'vsaResourceUri'] as const).find((f) => flags[f] !== undefined);
    if (stray) throw new VerifyError('ErrorUsage', `--${stray.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --emit-vsa`);
    return undefined;
  }
  if (path === '') throw new VerifyError('ErrorUsage', '--emit-vsa needs a file path');
  if (flags.vsaKeyId !== undefined && flags.vsaKey === undefined) throw new VerifyError('ErrorUsage', '--vsa-key-id needs --vsa-key');
  for (const [flag, value] of [['--vsa-verifier-id', flags.vsaVerifierId], ['--vsa-resource-uri', flags.vsaResourceUri], ['--vsa-key-id', flags.vsaKeyId]] as const) {
    if (value === '') throw new VerifyError('ErrorUsage', `${flag} must not be empty`);
  }
  const signer: VsaSigningKey | undefined = flags.vsaKey === undefined ? undefined : await readVsaSigningKey(flags.vsaKey);
  const verifierId = flags.vsaVerifierId ?? DEFAULT_VERIFIER_ID;
  return {
    async emit(facts: VsaFacts): Promise<void> {
      const resourceUri = flags.vsaResourceUri ?? facts.resourceUri;
      if (resourceUri === undefined) {
        throw new VerifyError('ErrorUsage', '--emit-vsa: this run names no single resource; pass --vsa-resource-uri');
      }
      if (facts.subjects.length === 0 || facts.subjects.some((s) => Object.keys(s.digest).length === 0)) {
        throw new VerifyError('ErrorInternal', '--emit-vsa: a verified subject has no digest');
      }
      const statement = buildVsaStatement(facts, verifierId, resourceUri, new Date());
      const payload = Buffer.from(JSON.stringify(statement), 'utf8');
      const document = signer === undefined ? payload.toString('utf8') : JSON.stringify(signStatement(payload, signer, flags.vsaKeyId ?? signer.fingerprint));
      await writeFileAtomic(path, `${document}\n`, 'VSA');
    },
  };
}

/**
 * After a PASSED verdict: write the VSA. Returns undefined when written,
 * else the exit code the run ends with (the verdict stands, but what was
 * asked for is missing, so the run must not look like a success).
 */
export async function emitAfterPass(emitter: VsaEmitter, facts: () => Promise<VsaFacts>): Promise<number | undefined> {
  try {
    await emitter.emit(await facts());
    return undefined;
  } catch (err) {
    const error = asVerifyError(err);
    process.stderr.write(`Error: ${error.message}\n`);
    return error.isUsage ? 2 : 1;
  }
}
