import { VerifyError } from '../errors/index.js';
import { getOwn, isJsonObject, type JsonObject } from './go-json.js';

/**
 * Reading the GitHub context that builders record in the provenance
 * (v0.2 invocation.environment, v1 internalParameters), as
 * slsaprovenance/common/common.go does. Legacy v0.2 generators use
 * lowercase keys (github_ref), BYOB and v1 builders uppercase (GITHUB_REF).
 */

function key(name: string, upper: boolean): string {
  return upper ? name.toUpperCase() : name;
}

function getAny(env: JsonObject, field: string): unknown {
  const got = getOwn(env, field);
  if (!got.found) throw new VerifyError('ErrorInvalidDssePayload', `environment type for ${field}`);
  return got.value;
}

/** A string-valued entry; a missing or non-string value fails as in Go. */
export function getAsString(env: JsonObject, field: string): string {
  const value = getAny(env, field);
  if (typeof value !== 'string') throw new VerifyError('ErrorInvalidDssePayload', `environment type string '${field}'`);
  return value;
}

export function getEventPayload(env: JsonObject, upper: boolean): JsonObject {
  const got = getOwn(env, key('github_event_payload', upper));
  if (!got.found) throw new VerifyError('ErrorInvalidDssePayload', 'parameters type event payload');
  if (!isJsonObject(got.value)) throw new VerifyError('ErrorInvalidDssePayload', 'parameters type payload');
  return got.value;
}

/** The workflow_dispatch inputs; any other trigger has none. */
export function getWorkflowInputs(env: JsonObject, upper: boolean): JsonObject {
  const trigger = getAsString(env, key('github_event_name', upper));
  if (trigger !== 'workflow_dispatch') {
    throw new VerifyError('ErrorMismatchWorkflowInputs', `expected 'workflow_dispatch' trigger, got ${trigger}`, {
      expected: 'workflow_dispatch',
      actual: trigger,
    });
  }
  const payload = getEventPayload(env, upper);
  const inputs = getOwn(payload, 'inputs');
  if (!inputs.found) throw new VerifyError('ErrorInvalidDssePayload', "error retrieving 'inputs'");
  if (!isJsonObject(inputs.value)) throw new VerifyError('ErrorInvalidDssePayload', 'parameters type inputs');
  return inputs.value;
}

/**
 * The branch a tag was cut from, when the event says so: github_base_ref,
 * else push's base_ref (null when pushed from a commit), else release's
 * target_commitish. Other events give "".
 */
function getBranchForTag(env: JsonObject, upper: boolean): string {
  const baseRef = getAsString(env, key('github_base_ref', upper));
  if (baseRef !== '') return baseRef;
  const eventName = getAsString(env, key('github_event_name', upper));
  const payload = getEventPayload(env, upper);
  switch (eventName) {
    case 'push': {
      const value = getAny(payload, 'base_ref');
      return typeof value === 'string' ? value : '';
    }
    case 'release': {
      const release = getOwn(payload, 'release');
      if (!release.found) throw new VerifyError('ErrorInvalidDssePayload', 'release absent from payload');
      if (!isJsonObject(release.value)) throw new VerifyError('ErrorInvalidDssePayload', 'parameters type releasePayload');
      return `refs/heads/${getAsString(release.value, 'target_commitish')}`;
    }
    default:
      return '';
  }
}

/** The full tag ref ("refs/tags/v1") for a tag-triggered run, "" for a branch. */
export function getTag(env: JsonObject, upper: boolean): string {
  const refType = getAsString(env, key('github_ref_type', upper));
  switch (refType) {
    case 'branch':
      return '';
    case 'tag':
      return getAsString(env, key('github_ref', upper));
    default:
      throw new VerifyError('ErrorInvalidDssePayload', `unknown ref type "${refType}"`);
  }
}

/** The full branch ref ("refs/heads/main"), or "" when it cannot be known. */
export function getBranch(env: JsonObject, upper: boolean): string {
  const refType = getAsString(env, key('github_ref_type', upper));
  switch (refType) {
    case 'branch':
      return getAsString(env, key('github_ref', upper));
    case 'tag':
      return getBranchForTag(env, upper);
    default:
      throw new VerifyError('ErrorInvalidDssePayload', `unknown ref type "${refType}"`);
  }
}
