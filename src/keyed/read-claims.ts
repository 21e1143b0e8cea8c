import { VerifyError } from '../errors/index.js';
import { BUILDER_IDS } from '../provenance/builders.js';
import { readProvenance, type ProvenanceClaims } from '../provenance/provenance.js';
import { readGenericProvenance } from '../provenance/generic-provenance.js';
import type { Statement } from '../provenance/statement.js';

/**
 * Without a certificate there is no builder workflow to choose slsa-verifier's
 * reader by, so the statement's buildType chooses it: the first known builder
 * with a reader for it (readers agree per buildType). A buildType no reader
 * knows is a custom builder's: only the generic SLSA fields are read.
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
  return readGenericProvenance(statement);
}
