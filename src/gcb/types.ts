import { goAny, goBool, goBytes, goMap, goPtr, goSlice, goString, goStruct, goTime, type GoType } from './go-decode.js';

/**
 * The Go structs slsa-verifier decodes Cloud Build provenance into
 * (verifiers/internal/gcb and in-toto-golang). Only these fields exist for
 * its checks and for its signed-vs-text comparison; everything else is ignored.
 */

export const PREDICATE_SLSA_V01 = 'https://slsa.dev/provenance/v0.1';
export const PREDICATE_SLSA_V1 = 'https://slsa.dev/provenance/v1';
export const GCB_V1_BUILD_TYPE = 'https://cloud.google.com/build/gcb-buildtypes/google-worker/v1';
export const GCB_BUILDER_NAME = 'https://cloudbuild.googleapis.com/GoogleHostedWorker';
export const GCB_V01_BUILDER_IDS: readonly string[] = [`${GCB_BUILDER_NAME}@v0.2`, `${GCB_BUILDER_NAME}@v0.3`];
export const GCB_V1_BUILDER_IDS: readonly string[] = [GCB_BUILDER_NAME];

const digestSet = goMap(goString);

const statementHeader = {
  _type: goString,
  predicateType: goString,
  subject: goSlice(goStruct({ name: goString, digest: digestSet })),
};

const v01Predicate = goStruct({
  builder: goStruct({ id: goString }),
  recipe: goStruct({ type: goString, entryPoint: goString, arguments: goAny, environment: goAny }),
  metadata: goPtr(
    goStruct({
      buildStartedOn: goTime,
      buildFinishedOn: goTime,
      completeness: goStruct({ arguments: goBool, environment: goBool, materials: goBool }),
      reproducible: goBool,
    }),
  ),
  materials: goSlice(goStruct({ uri: goString, digest: digestSet })),
});

const resourceDescriptor = goStruct({
  uri: goString,
  digest: digestSet,
  name: goString,
  downloadLocation: goString,
  mediaType: goString,
  content: goBytes,
  annotations: goMap(goAny),
});

const v1Predicate = goStruct({
  buildDefinition: goStruct({
    buildType: goString,
    externalParameters: goAny,
    internalParameters: goAny,
    resolvedDependencies: goSlice(resourceDescriptor),
  }),
  runDetails: goStruct({
    builder: goStruct({ id: goString, version: goMap(goString), builderDependencies: goSlice(resourceDescriptor) }),
    metadata: goStruct({ invocationId: goString, startedOn: goTime, finishedOn: goTime }),
    byproducts: goSlice(resourceDescriptor),
  }),
});

/** The signed v0.1 statement (v01.Provenance). */
export const V01_STATEMENT: GoType = goStruct({ ...statementHeader, predicate: v01Predicate });
/** The human-readable copy, which names the predicate `slsaProvenance` (v01.GCBIntotoTextStatement). */
export const V01_TEXT_STATEMENT: GoType = goStruct({ ...statementHeader, slsaProvenance: v01Predicate });
/** v1.0: the signed statement and its text copy share one shape. */
export const V1_STATEMENT: GoType = goStruct({ ...statementHeader, predicate: v1Predicate });

const envelope = goStruct({
  payloadType: goString,
  payload: goString,
  signatures: goSlice(goStruct({ keyid: goString, sig: goString })),
});

/** `gcloud artifacts docker images describe --show-provenance --format json`. */
export const GCLOUD_PROVENANCE: GoType = goStruct({
  image_summary: goStruct({ digest: goString, fully_qualified_digest: goString, registry: goString, repository: goString }),
  provenance_summary: goStruct({
    provenance: goSlice(
      goStruct({
        build: goStruct({ intotoStatement: V01_TEXT_STATEMENT, inTotoSlsaProvenanceV1: V1_STATEMENT }),
        kind: goString,
        resourceUri: goString,
        envelope,
      }),
    ),
  }),
});
