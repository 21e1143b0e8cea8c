import semver from 'semver';
import * as z from 'zod';
import { ownRecord } from '../input/own-record.js';

const range = z.string().min(1).refine((v) => semver.validRange(v) !== null, 'not a semver range');
const nonEmptyList = z.array(z.string().min(1)).min(1);

/** A trusted builder: its ID without ref, optionally pinned to a version or a semver range of its release tag. */
const builderSchema = z.union([
  z.string().min(1),
  z.strictObject({ id: z.string().min(1), version: range.optional() }),
]);

/** Tags as globs (the list shorthand), a semver range of the tag, or both. */
const tagsSchema = z.union([
  nonEmptyList,
  z
    .strictObject({ patterns: nonEmptyList.optional(), semver: range.optional(), allowPrerelease: z.boolean().optional() })
    .refine((t) => t.patterns !== undefined || t.semver !== undefined, 'tags needs patterns or semver'),
]);

const rules = {
  builders: z.array(builderSchema).min(1).optional(),
  sourceRepositories: nonEmptyList.optional(),
  branches: nonEmptyList.optional(),
  tags: tagsSchema.optional(),
  // Input names are the workflow's, so "__proto__" or "constructor" must be ordinary keys.
  workflowInputs: ownRecord(z.string(), z.string().min(1)).optional(),
  predicateTypes: nonEmptyList.optional(),
  requireHostedRunners: z.boolean().optional(),
  minSlsaBuildLevel: z.number().int().min(1).max(3).optional(),
  /** verify-lockfile: a locked package without provenance fails (require, the default), is reported (warn) or passes (allow). */
  missingProvenance: z.enum(['require', 'warn', 'allow']).optional(),
};

export const packageRulesSchema = z.strictObject({ match: z.string().min(1), ...rules });

export const policySchema = z.strictObject({
  version: z.literal(1),
  ...rules,
  packages: z.array(packageRulesSchema).optional(),
});

export type PolicyFile = z.output<typeof policySchema>;
export type PackageRules = z.output<typeof packageRulesSchema>;
/** The rules that apply to one artifact: the top level, with a matching package entry's fields replacing it. */
export type PolicyRules = Omit<PackageRules, 'match'>;
export type BuilderRule = z.output<typeof builderSchema>;
export type TagsRule = z.output<typeof tagsSchema>;
