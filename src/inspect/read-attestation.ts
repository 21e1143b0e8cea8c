import { X509Certificate } from '@sigstore/core';
import * as z from 'zod';
import { asVerifyError, VerifyError } from '../errors/index.js';
import type { Evidence } from '../input/evidence.js';
import { certificateClaims, type CertificateClaims } from '../sigstore/certificate-claims.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';
import { ownRecord } from '../input/own-record.js';

/** What one line of an attestation file claims. Nothing here is verified: it is read to be shown. */
export interface UnverifiedAttestation {
  line: number;
  error: string | undefined;
  predicateType: string | undefined;
  builderId: string | undefined;
  sourceUri: string | undefined;
  ref: string | undefined;
  commit: string | undefined;
  subjects: { name: string; digest: Record<string, string> }[];
  signer: string | undefined;
  issuer: string | undefined;
  runnerEnvironment: string | undefined;
  logIndex: string | undefined;
  signingTime: string | undefined;
  /** The predicate's buildType (v0.2) or buildDefinition.buildType (v1). */
  buildType: string | undefined;
  /** A VSA's verifier.id and resourceUri. */
  verifierId: string | undefined;
  resourceUri: string | undefined;
  /** A bare envelope's first signature key id (what verify-vsa's --public-key-id must name). */
  keyId: string | undefined;
}

const rawBytes = z.object({ rawBytes: z.string().min(1) }).loose();
const bundleSchema = z
  .object({
    verificationMaterial: z
      .object({
        certificate: rawBytes.optional(),
        x509CertificateChain: z.object({ certificates: z.array(rawBytes).min(1) }).loose().optional(),
        tlogEntries: z.array(z.object({ logIndex: z.union([z.string(), z.number()]), integratedTime: z.union([z.string(), z.number()]).optional() }).loose()).optional(),
      })
      .loose(),
    dsseEnvelope: z.object({ payloadType: z.string(), payload: z.string() }).loose(),
  })
  .loose();

/** Any in-toto statement's header: inspect shows every predicate type, not only SLSA provenance. */
const statementHeader = z
  .object({
    _type: z.string(),
    predicateType: z.string(),
    subject: z.array(z.object({ name: z.string().optional(), digest: ownRecord(z.unknown()) }).loose()),
  })
  .loose();
const buildTypeV02 = z.object({ predicate: z.object({ buildType: z.string() }).loose() }).loose();
const buildTypeV1 = z.object({ predicate: z.object({ buildDefinition: z.object({ buildType: z.string() }).loose() }).loose() }).loose();
const vsaFields = z.object({ predicate: z.object({ verifier: z.object({ id: z.string() }).loose(), resourceUri: z.string() }).loose() }).loose();
const IN_TOTO = 'application/vnd.in-toto+json';

const builderV02 = z.object({ predicate: z.object({ builder: z.object({ id: z.string() }).loose() }).loose() }).loose();
const builderV1 = z.object({ predicate: z.object({ runDetails: z.object({ builder: z.object({ id: z.string() }).loose() }).loose() }).loose() }).loose();

export function readUnverified(item: Evidence): UnverifiedAttestation {
  const out: UnverifiedAttestation = {
    line: item.line, error: undefined, predicateType: undefined, builderId: undefined, sourceUri: undefined, ref: undefined,
    commit: undefined, subjects: [], signer: undefined, issuer: undefined, runnerEnvironment: undefined, logIndex: undefined, signingTime: undefined,
    buildType: undefined, verifierId: undefined, resourceUri: undefined, keyId: undefined,
  };
  try {
    let payloadType: string;
    let payload: Buffer;
    let certificate: X509Certificate | undefined;
    if (item.kind === 'bundle') {
      const bundle = bundleSchema.parse(item.json);
      const material = bundle.verificationMaterial;
      const der = material.certificate?.rawBytes ?? material.x509CertificateChain?.certificates[0]?.rawBytes;
      if (der !== undefined) certificate = X509Certificate.parse(Buffer.from(der, 'base64'));
      const entry = material.tlogEntries?.[0];
      if (entry) {
        out.logIndex = String(entry.logIndex);
        if (entry.integratedTime !== undefined) out.signingTime = new Date(Number(entry.integratedTime) * 1000).toISOString();
      }
      payloadType = bundle.dsseEnvelope.payloadType;
      payload = Buffer.from(bundle.dsseEnvelope.payload, 'base64');
    } else {
      const pem = item.envelope.signatures[0]?.cert;
      if (pem !== undefined && pem.trim() !== '') certificate = X509Certificate.parse(pem);
      const keyId = item.envelope.signatures[0]?.keyid;
      if (keyId !== undefined && keyId !== '') out.keyId = keyId;
      payloadType = item.envelope.payloadType;
      payload = Buffer.from(item.envelope.payload, 'base64');
    }
    if (certificate) fillFromCertificate(out, certificateClaims(certificate));
    if (payloadType !== IN_TOTO) throw new VerifyError('ErrorInvalidDssePayload', `payload type "${payloadType}" is not an in-toto statement`);
    const json = parseUntrustedJson(new TextDecoder('utf-8', { fatal: true }).decode(payload)) as unknown;
    out.builderId = builderV02.safeParse(json).data?.predicate.builder.id ?? builderV1.safeParse(json).data?.predicate.runDetails.builder.id;
    out.buildType = buildTypeV02.safeParse(json).data?.predicate.buildType ?? buildTypeV1.safeParse(json).data?.predicate.buildDefinition.buildType;
    const vsa = vsaFields.safeParse(json).data;
    out.verifierId = vsa?.predicate.verifier.id;
    out.resourceUri = vsa?.predicate.resourceUri;
    const header = statementHeader.safeParse(json);
    if (!header.success) throw new VerifyError('ErrorInvalidDssePayload', 'the payload is not an in-toto statement');
    out.predicateType = header.data.predicateType;
    out.subjects = header.data.subject.map((s) => ({ name: s.name ?? '', digest: Object.fromEntries(Object.entries(s.digest).filter((e): e is [string, string] => typeof e[1] === 'string')) }));
  } catch (err) {
    out.error = (err instanceof VerifyError ? err : asVerifyError(err)).message;
  }
  return out;
}

function fillFromCertificate(out: UnverifiedAttestation, claims: CertificateClaims): void {
  out.signer = claims.subjectAlternativeName;
  out.issuer = claims.issuerV2 ?? claims.issuer;
  out.runnerEnvironment = claims.runnerEnvironment;
  const repo = claims.sourceRepositoryUri ?? (claims.githubWorkflowRepository ? `https://github.com/${claims.githubWorkflowRepository}` : undefined);
  out.sourceUri = repo?.replace(/^https?:\/\//, '');
  out.ref = claims.sourceRepositoryRef ?? claims.githubWorkflowRef;
  out.commit = claims.sourceRepositoryDigest ?? claims.githubWorkflowSha;
}
