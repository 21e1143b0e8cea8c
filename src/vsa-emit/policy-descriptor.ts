import { createHash } from 'node:crypto';

/** A resource descriptor: at least a uri or a digest (in-toto v1). */
export interface Descriptor {
  name?: string;
  uri?: string;
  digest: Record<string, string>;
}

/** The expectations a run enforced: its command and the flags that constrained the verdict. */
export type EnforcedPolicy = { command: string } & Record<string, string | Record<string, string> | undefined>;

/**
 * policy.uri is a `data:` URI of the enforced flags as JSON, so the VSA is
 * self-describing without a policy server; its digest lets a consumer
 * compare policies without parsing. Absent flags are left out.
 */
export function policyDescriptor(policy: EnforcedPolicy): Descriptor {
  const json = JSON.stringify(policy);
  return {
    uri: `data:application/json,${encodeURIComponent(json)}`,
    digest: { sha256: createHash('sha256').update(json, 'utf8').digest('hex') },
  };
}
