import { VSA_PREDICATE_TYPE } from '../vsa/statement.js';
import { policyDescriptor, type Descriptor, type EnforcedPolicy } from './policy-descriptor.js';

export const DEFAULT_VERIFIER_ID = 'https://github.com/slsa-verify/slsa-verify';
const STATEMENT_V1 = 'https://in-toto.io/Statement/v1';

export type { Descriptor };

/** What a PASSED run established, in the terms of a VSA. */
export interface VsaFacts {
  subjects: { name: string; digest: Record<string, string> }[];
  /** The command's own resource URI (artifact path, image reference, purl); undefined when it has none to offer. */
  resourceUri: string | undefined;
  inputAttestations: Descriptor[];
  /** SLSA build level every subject was shown to meet; undefined: no build level is claimed. */
  buildLevel: 1 | 2 | 3 | undefined;
  policy: EnforcedPolicy;
}

export interface VsaStatement {
  _type: string;
  subject: { name: string; digest: Record<string, string> }[];
  predicateType: string;
  predicate: {
    verifier: { id: string };
    timeVerified: string;
    resourceUri: string;
    policy: Descriptor;
    inputAttestations: Descriptor[];
    verificationResult: 'PASSED';
    verifiedLevels: string[];
    slsaVersion: '1.0';
  };
}

/** An in-toto Statement v1 carrying a VSA v1 predicate; only ever built for a PASSED run. */
export function buildVsaStatement(facts: VsaFacts, verifierId: string, resourceUri: string, now: Date): VsaStatement {
  return {
    _type: STATEMENT_V1,
    subject: facts.subjects,
    predicateType: VSA_PREDICATE_TYPE,
    predicate: {
      verifier: { id: verifierId },
      // RFC 3339 in whole seconds, as most VSA producers write it.
      timeVerified: now.toISOString().replace(/\.\d+Z$/, 'Z'),
      resourceUri,
      policy: policyDescriptor(facts.policy),
      inputAttestations: facts.inputAttestations,
      verificationResult: 'PASSED',
      verifiedLevels: facts.buildLevel === undefined ? [] : [`SLSA_BUILD_LEVEL_${facts.buildLevel}`],
      slsaVersion: '1.0',
    },
  };
}
