import { readFile } from 'node:fs/promises';
import { VerifyError, asVerifyError } from '../errors/index.js';
import { writeFileAtomic } from '../files/write-atomic.js';
import { dsseEnvelopeSchema, type Evidence } from '../input/evidence.js';
import type { TrustRoot } from '../sigstore/trusted-root.js';
import { lookupEnvelope, type LegacyLine, type LookupResult, type RekorLookupInfo } from './lookup-envelope.js';
import { DEFAULT_CLIENT_OPTIONS, RekorClient, type RekorClientOptions } from './rekor-client.js';

export interface LegacyLookupOptions {
  /** --offline: never ask; a bare envelope then ends with ErrorNeedsLogLookup. */
  offline: boolean;
  rekorUrl: string;
  /** --save-bundle: where the verified bundles go (one per looked-up line), once the whole run passed (saveLookedUpBundles). */
  saveBundle: string | undefined;
  /** Told about each entry used, as it is used (text mode prints slsa-verifier's line). */
  onEntry: ((info: RekorLookupInfo) => void) | undefined;
  client?: Partial<Omit<RekorClientOptions, 'baseUrl'>>;
}

export type LegacyOutcome = { ok: true; result: LookupResult } | { ok: false; error: VerifyError };

/**
 * Resolves every bare DSSE envelope line of a provenance file through a Rekor
 * lookup, line by line. This is the tool's only network use, and it happens
 * only for such lines. Once the log is found unreachable, the remaining lines
 * are not tried again (each try costs timeouts).
 */
export async function resolveLegacyEvidence(
  evidence: readonly Evidence[],
  provenancePath: string,
  trust: TrustRoot,
  artifactSha256: () => Promise<string[]>,
  options: LegacyLookupOptions,
): Promise<Map<number, LegacyOutcome>> {
  const outcomes = new Map<number, LegacyOutcome>();
  const lines = evidence.flatMap((e) => (e.kind === 'dsse' ? [e] : []));
  if (lines.length === 0) return outcomes;

  if (options.offline) {
    for (const item of lines) {
      outcomes.set(item.line, {
        ok: false,
        error: new VerifyError('ErrorNeedsLogLookup', `line ${item.line} is a bare DSSE envelope: proving it was logged needs a Rekor lookup, which --offline forbids`),
      });
    }
    return outcomes;
  }

  const raw = await rawLines(provenancePath, evidence.length);
  const client = new RekorClient({ ...DEFAULT_CLIENT_OPTIONS, ...options.client, baseUrl: options.rekorUrl });
  let unreachable: VerifyError | undefined;
  for (const item of lines) {
    if (unreachable) {
      outcomes.set(item.line, { ok: false, error: unreachable });
      continue;
    }
    const legacy: LegacyLine = { line: item.line, envelope: item.envelope, raw: rawFor(raw, item.line, item.envelope) };
    try {
      const result = await lookupEnvelope(legacy, client, trust, artifactSha256);
      options.onEntry?.(result.envelope.rekorLookup);
      outcomes.set(item.line, { ok: true, result });
    } catch (err) {
      const error = asVerifyError(err);
      if (error.code === 'ErrorRekorUnreachable') unreachable = error;
      outcomes.set(item.line, { ok: false, error });
    }
  }

  return outcomes;
}

/**
 * The provenance text again, to recover each line's exact bytes: an intoto
 * v0.0.1 entry is found by the hash of the envelope as it was uploaded.
 * A one-document file is line 1 as a whole.
 */
async function rawLines(path: string, documents: number): Promise<Map<number, string>> {
  const text = (await readFile(path)).toString('utf8');
  const out = new Map<number, string>();
  if (documents === 1 && isJson(text)) {
    out.set(1, text.trim());
    return out;
  }
  text.split('\n').forEach((line, index) => out.set(index + 1, line.trim()));
  return out;
}

/** The recovered bytes only if they still say what was parsed (the file may have changed since). */
function rawFor(raw: Map<number, string>, line: number, envelope: LegacyLine['envelope']): string {
  const text = raw.get(line);
  const parsed = text === undefined ? undefined : dsseEnvelopeSchema.safeParse(safeJson(text)).data;
  const same =
    parsed !== undefined &&
    parsed.payload === envelope.payload &&
    parsed.payloadType === envelope.payloadType &&
    parsed.signatures.length === envelope.signatures.length &&
    parsed.signatures.every((s, i) => s.sig === envelope.signatures[i]?.sig && s.cert === envelope.signatures[i]?.cert);
  return same && text !== undefined ? text : JSON.stringify(envelope);
}

/**
 * --save-bundle: one bundle per looked-up line that verified, as JSON Lines
 * (one line is a plain bundle file), through the shared atomic write. Called
 * only once the run passed: a failed verification writes nothing and leaves
 * an existing file alone. Nothing looked up: nothing written.
 */
export async function saveLookedUpBundles(path: string, outcomes: ReadonlyMap<number, LegacyOutcome>): Promise<void> {
  const bundles = [...outcomes.entries()].sort(([a], [b]) => a - b).flatMap(([, o]) => (o.ok ? [o.result.bundle] : []));
  if (bundles.length === 0) return;
  await writeFileAtomic(path, bundles.map((b) => `${JSON.stringify(b)}\n`).join(''), '--save-bundle');
}

function isJson(text: string): boolean {
  return safeJson(text) !== undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
