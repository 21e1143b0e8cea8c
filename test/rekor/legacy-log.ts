import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { json } from '@sigstore/core';
import { TLOG_BASE_URL } from '../../src/tools/fixtures/generate.js';
import { deriveKeyPair } from '../../src/tools/fixtures/keys.js';
import { dsseEntryBody, intotoEntryBody, TransparencyLog, type TlogEntryJson } from '../../src/tools/fixtures/tlog.js';
import { REPO } from '../cli/run-cli.js';

/**
 * Rekor v1 API entries for the bare-envelope fixture, signed by a log with the
 * fixture log's key (keys derive from their label), so that the committed
 * fixtures/trusted_root.json trusts them; plus hostile variants.
 */

export const ENVELOPE_FILE = join(REPO, 'fixtures/provenance/dsse-envelope.intoto.jsonl');
const TREE_ID = '4720375195431786241';

export interface ApiEntry {
  uuid: string;
  entry: {
    body: string;
    integratedTime: number;
    logID: string;
    logIndex: number;
    verification: {
      signedEntryTimestamp?: string;
      inclusionProof?: { checkpoint: string; hashes: string[]; logIndex: number; rootHash: string; treeSize: number };
    };
  };
}

export interface LegacyLog {
  raw: string;
  payload: Buffer;
  certificatePem: string;
  intotoV001: ApiEntry;
  intotoV002: ApiEntry;
  dsse: ApiEntry;
  forgedSet: ApiEntry;
  badProof: ApiEntry;
  /** A valid entry of the log, for another envelope (valid.intoto.jsonl). */
  otherEnvelope: ApiEntry;
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** A lone intoto v0.0.1 entry, validly logged, saying whatever the test wants. */
export function loggedIntotoV001(fields: { envelopeHash: string; payloadHash: string; certificatePem: string; integratedTime: number }): ApiEntry {
  const log = new TransparencyLog({ label: 'rekor', baseUrl: TLOG_BASE_URL, treeId: TREE_ID, shardOffset: 300_000_000, fillerLeaves: 3 });
  const body = Buffer.from(
    json.canonicalize({
      apiVersion: '0.0.1',
      kind: 'intoto',
      spec: {
        content: { hash: { algorithm: 'sha256', value: fields.envelopeHash }, payloadHash: { algorithm: 'sha256', value: fields.payloadHash } },
        publicKey: Buffer.from(fields.certificatePem).toString('base64'),
      },
    }),
  );
  const entry = log.append('intoto', '0.0.1', body, fields.integratedTime);
  log.seal();
  return toApiEntry(log.toBundleEntry(entry));
}

export function buildLegacyLog(): LegacyLog {
  const raw = readFileSync(ENVELOPE_FILE, 'utf8').trim();
  const parsed = JSON.parse(raw) as { payloadType: string; payload: string; signatures: { sig: string; cert: string }[] };
  const signature = parsed.signatures[0]!;
  const certificatePem = signature.cert;
  const payload = Buffer.from(parsed.payload, 'base64');
  const sig = Buffer.from(signature.sig, 'base64');
  const integratedTime = Math.floor(new Date(new X509Certificate(certificatePem).validFrom).getTime() / 1000) + 4;

  const log = new TransparencyLog({ label: 'rekor', baseUrl: TLOG_BASE_URL, treeId: TREE_ID, shardOffset: 200_000_000, fillerLeaves: 7 });
  const envelopeJson = JSON.stringify({ payloadType: parsed.payloadType, payload: parsed.payload, signatures: [{ sig: signature.sig }] });
  const v001Body = Buffer.from(
    json.canonicalize({
      apiVersion: '0.0.1',
      kind: 'intoto',
      spec: {
        content: { hash: { algorithm: 'sha256', value: sha256(raw) }, payloadHash: { algorithm: 'sha256', value: sha256(payload) } },
        publicKey: Buffer.from(certificatePem).toString('base64'),
      },
    }),
  );
  const v001 = log.append('intoto', '0.0.1', v001Body, integratedTime);
  const v002 = log.append('intoto', '0.0.2', intotoEntryBody(envelopeJson, parsed.payloadType, payload, sig, certificatePem), integratedTime);
  const dsse = log.append('dsse', '0.0.1', dsseEntryBody(envelopeJson, payload, sig, certificatePem), integratedTime);
  log.seal();

  const forged = log.toBundleEntry(v001);
  forged.inclusionPromise = { signedEntryTimestamp: log.signedEntryTimestamp(v001, deriveKeyPair('impostor-rekor', 'P-256')).toString('base64') };
  const badProof = log.toBundleEntry(v001);
  const hashes = badProof.inclusionProof!.hashes;
  const first = Buffer.from(hashes[0]!, 'base64');
  first[0] = first[0]! ^ 1;
  hashes[0] = first.toString('base64');

  const valid = JSON.parse(readFileSync(join(REPO, 'fixtures/provenance/valid.intoto.jsonl'), 'utf8')) as {
    verificationMaterial: { tlogEntries: TlogEntryJson[] };
  };

  return {
    raw,
    payload,
    certificatePem,
    intotoV001: toApiEntry(log.toBundleEntry(v001)),
    intotoV002: toApiEntry(log.toBundleEntry(v002)),
    dsse: toApiEntry(log.toBundleEntry(dsse)),
    forgedSet: toApiEntry(forged),
    badProof: toApiEntry(badProof),
    otherEnvelope: toApiEntry(valid.verificationMaterial.tlogEntries[0]!),
  };
}

/** Bundle form → Rekor v1 API form (the inverse of what the client does). */
export function toApiEntry(e: TlogEntryJson): ApiEntry {
  const hex = (b64: string): string => Buffer.from(b64, 'base64').toString('hex');
  const leaf = createHash('sha256').update(Buffer.from([0])).update(Buffer.from(e.canonicalizedBody, 'base64')).digest('hex');
  const proof = e.inclusionProof;
  return {
    uuid: `${BigInt(TREE_ID).toString(16).padStart(16, '0')}${leaf}`,
    entry: {
      body: e.canonicalizedBody,
      integratedTime: Number(e.integratedTime),
      logID: hex(e.logId.keyId),
      logIndex: Number(e.logIndex),
      verification: {
        ...(e.inclusionPromise ? { signedEntryTimestamp: e.inclusionPromise.signedEntryTimestamp } : {}),
        ...(proof
          ? {
              inclusionProof: {
                checkpoint: proof.checkpoint.envelope,
                hashes: proof.hashes.map(hex),
                logIndex: Number(proof.logIndex),
                rootHash: hex(proof.rootHash),
                treeSize: Number(proof.treeSize),
              },
            }
          : {}),
      },
    },
  };
}
