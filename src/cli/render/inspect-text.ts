import type { ChalkInstance } from 'chalk';
import type { UnverifiedAttestation } from '../../inspect/read-attestation.js';
import { escapeText, safeText } from '../../report/escape-text.js';
import type { DocumentKind } from '../../inspect/read-document.js';
import { suggestCommand } from '../../inspect/suggest-flags.js';
import { UNVERIFIED_WARNING as WARNING } from '../../commands/inspect.js';

/** Text: one block per line of the file, each opening with UNVERIFIED; every claimed value escaped. */
export function renderInspectText(path: string, items: readonly UnverifiedAttestation[], c: ChalkInstance, kind: DocumentKind = 'provenance'): string {
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
    const command = suggestCommand(a, path, kind);
    if (command) lines.push('  to verify it:', `    ${command}`);
    else if (a.sourceUri !== undefined) lines.push('  to verify it: (no command: a claimed value holds control characters)');
    return lines.join('\n');
  });
  return `${c.bold.red(WARNING)}\n\n${blocks.join('\n\n')}\n`;
}
