import { VerifyError } from '../errors/index.js';
import { BUILDER_IDS } from '../provenance/builders.js';
import { readProvenance, type ProvenanceClaims } from '../provenance/provenance.js';
import { PREDICATE_SLSA_V02, type Statement } from '../provenance/statement.js';

/**
 * Without a certificate there is no builder workflow to choose slsa-verifier's
 * reader by, so the statement's buildType chooses it: the first known builder
 * with a reader for it (readers agree per buildType). A buildType no reader
 * knows fails closed: its source and ref fields could not be read.
 */
export function readKeyedProvenance(statement: Statement): ProvenanceClaims {
  for (const builder of Object.values(BUILDER_IDS)) {
    try {
      return readProvenance(builder, statement);
    } catch (err) {
      if (err instanceof VerifyError && (err.code === 'ErrorInvalidBuilderID' || err.code === 'ErrorInvalidBuildType')) continue;
      throw err;
    }
  }
  const buildType = statement.predicateType === PREDICATE_SLSA_V02 ? statement.predicate.buildType : statement.predicate.buildDefinition.buildType;
  throw new VerifyError('ErrorInvalidBuildType', `no provenance reader for buildType "${buildType}"`, { actual: buildType });
}
