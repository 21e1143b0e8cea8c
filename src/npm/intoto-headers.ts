import * as z from 'zod';
import { VerifyError } from '../errors/index.js';
import { IN_TOTO_PAYLOAD_TYPE } from '../provenance/statement.js';
import { PROVENANCE_PREDICATES, PUBLISH_PREDICATE_PREFIX } from './attestations.js';
import { parseUntrustedJson } from '../files/untrusted-json.js';

const STATEMENT_TYPES: ReadonlySet<string> = new Set(['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1']);

const goString = z.string().nullish().transform((v) => v ?? '');

/** Go decodes invalid UTF-8 as U+FFFD; so does a non-fatal decoder. */
export function parseStatementJson(payload: Uint8Array): unknown {
  try {
    return parseUntrustedJson(new TextDecoder('utf-8').decode(payload));
  } catch (err) {
    throw new VerifyError('ErrorInvalidDssePayload', `decoding json: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * slsa-verifier's verifyIntotoHeaders: both envelopes carry in-toto
 * statements (v0.1 or v1) of the expected predicate types. The attestation
 * list names each entry's predicate type outside the signature; that copy
 * must be the signed one.
 */
export function verifyIntotoHeaders(which: 'provenance' | 'publish', listedPredicateType: string, payloadType: string, payload: Uint8Array): void {
  const header = z.object({ _type: goString, predicateType: goString }).loose().safeParse(parseStatementJson(payload));
  if (!header.success) throw new VerifyError('ErrorInvalidDssePayload', `${which}: not an in-toto statement`);
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new VerifyError('ErrorInvalidDssePayload', `${which}: expected payload type '${IN_TOTO_PAYLOAD_TYPE}', got '${payloadType}'`);
  }
  const { _type: type, predicateType } = header.data;
  if (!STATEMENT_TYPES.has(type)) throw new VerifyError('ErrorInvalidDssePayload', `${which}: unexpected statement type '${type}'`);
  const ok = which === 'provenance' ? PROVENANCE_PREDICATES.has(predicateType) : predicateType.startsWith(PUBLISH_PREDICATE_PREFIX);
  if (!ok) throw new VerifyError('ErrorInvalidDssePayload', `${which}: unexpected predicate type '${predicateType}'`);
  if (predicateType !== listedPredicateType) {
    throw new VerifyError('ErrorInvalidDssePayload', `${which}: the attestation list says predicate type '${listedPredicateType}', the signed statement '${predicateType}'`, {
      expected: listedPredicateType,
      actual: predicateType,
    });
  }
}

