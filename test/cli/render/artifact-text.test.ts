import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { VerifyError } from '../../../src/errors/index.js';
import type { ArtifactVerdict } from '../../../src/pipeline/judge-artifact.js';
import type { RunReport } from '../../../src/report/run-report.js';
import { renderText } from '../../../src/cli/render/artifact-text.js';

function capture(report: RunReport): { out: string; err: string } {
  const out = new PassThrough();
  const err = new PassThrough();
  renderText(report, out, err);
  return { out: out.read()?.toString() ?? '', err: err.read()?.toString() ?? '' };
}

const passed: ArtifactVerdict = {
  path: 'a.bin', digests: { sha256: 'ab' }, ok: true, error: undefined, line: 1, envelope: undefined, statement: undefined,
  checks: { ok: true, builderId: 'https://example/b.yml@refs/tags/v1.0.0', commit: 'c0ffee', checks: [] },
};

describe('renderText', () => {
  it('writes slsa-verifier lines for a pass', () => {
    const { out, err } = capture({ command: 'verify-artifact', error: undefined, verdicts: [passed], printProvenance: false });
    expect(out).toBe('');
    expect(err).toBe(
      'Verified build using builder "https://example/b.yml@refs/tags/v1.0.0" at commit c0ffee\n' +
        'Verifying artifact a.bin: PASSED\n\nPASSED: SLSA verification passed\n',
    );
  });

  it('never says PASSED when nothing was verified', () => {
    const { err } = capture({ command: 'verify-artifact', error: undefined, verdicts: [], printProvenance: false });
    expect(err).toMatch(/^FAILED: SLSA verification failed: /);
  });

  it('a run-level error fails the run even when artifacts passed', () => {
    const error = new VerifyError('ErrorInvalidTrustedRoot', 'bad root');
    const { err } = capture({ command: 'verify-artifact', error, verdicts: [passed], printProvenance: false });
    expect(err.trimEnd().split('\n').at(-1)).toBe('FAILED: SLSA verification failed: invalid trusted root: bad root');
  });
});
