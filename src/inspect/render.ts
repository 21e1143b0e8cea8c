import type { ChalkInstance } from 'chalk';
import type { UnverifiedAttestation } from './read-attestation.js';
import { escapeText, jsonDocument, safeText } from '../report/escape-text.js';
import { suggestCommand } from './suggest-flags.js';

const WARNING = 'UNVERIFIED: nothing below has been checked; it is what the file claims';

/** Text: one block per line of the file, each opening with UNVERIFIED; every claimed value escaped. */
export function renderInspectText(path: string, items: readonly UnverifiedAttestation[], c: ChalkInstance): string {
  const blocks = items.map((a) => {
    const lines = [c.bold.red('UNVERIFIED') + safeText` attestation ${path} line ${a.line}`];
    const field = (name: string, value: string | undefined) => lines.push(`  ${name.padEnd(18)}${value === undefined ? '(absent)' : escapeText(value)}`);
    if (a.error !== undefined) lines.push(`  ${c.red('unreadable:')} ${escapeText(a.error)}`);
    field('predicate type', a.predicateType);
    field('builder', a.builderId);
    field('source', a.sourceUri);
    field('ref', a.ref);
    field('commit', a.commit);
    for (const s of a.subjects) field('subject', `${s.name} ${Object.entries(s.digest).map(([k, v]) => `${k}:${v}`).join(' ')}`);
    field('signer (SAN)', a.signer);
    field('issuer', a.issuer);
    field('runner', a.runnerEnvironment);
    field('log index', a.logIndex);
    field('signing time', a.signingTime);
    const command = suggestCommand(a, path);
    if (command) lines.push('  to verify it:', `    ${escapeText(command)}`);
    else if (a.sourceUri !== undefined) lines.push('  to verify it: (no command: a claimed value holds control characters)');
    return lines.join('\n');
  });
  return `${c.bold.red(WARNING)}\n\n${blocks.join('\n\n')}\n`;
}

/** JSON: `verified: false` at the top and on every attestation; no verdict field a script could read as PASSED. */
export function renderInspectJson(path: string, items: readonly UnverifiedAttestation[]): string {
  return jsonDocument({
    schemaVersion: 1,
    command: 'inspect',
    verified: false,
    warning: WARNING,
    path,
    attestations: items.map((a) => ({ verified: false, ...a, suggestedCommand: suggestCommand(a, path) ?? null })),
  });
}
