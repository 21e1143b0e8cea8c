import { loadTrustedRoot, verifyArtifact } from '../../index.js';

const SOURCE = 'github.com/slsa-verify-fixtures/hello';
/** Long enough to smooth timer noise and JIT warm-up, short enough for a bench run. */
const DURATION_MS = 3000;
const GOAL_PER_SECOND = 300;

/**
 * The library path: verifications per second of one small artifact with the
 * trust root loaded once and passed to every call (one core: calls are
 * sequential), and what loading the trust root costs on its own.
 */
export interface InProcessFigures {
  verificationsPerSecond: number;
  goal: { min: number; met: boolean };
  trustRootLoadMs: number;
  embeddedRootLoadMs: number;
}

export async function benchInProcess(artifact: string, provenancePath: string, rootPath: string, log: (line: string) => void): Promise<InProcessFigures> {
  const loads: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    loadTrustedRoot(rootPath);
    loads.push(performance.now() - started);
  }
  loads.sort((a, b) => a - b);
  const embedded = performance.now();
  loadTrustedRoot();
  const embeddedMs = performance.now() - embedded;

  const trustedRoot = loadTrustedRoot(rootPath);
  const request = { artifacts: [artifact], provenancePath, sourceUri: SOURCE, trustedRoot };
  const first = await verifyArtifact(request);
  if (first.verdict !== 'PASSED') throw new Error(`in-process bench: verification did not pass: ${first.error?.message ?? ''}`);
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < DURATION_MS) {
    await verifyArtifact(request);
    count += 1;
  }
  const perSecond = count / ((performance.now() - started) / 1000);
  const trustRootLoadMs = loads[Math.floor(loads.length / 2)]!;
  log(`in-process verify-artifact, preloaded trust root: ${perSecond.toFixed(0)} verifications/s, ${(1000 / perSecond).toFixed(1)} ms each (goal >= ${GOAL_PER_SECOND}/s: ${perSecond >= GOAL_PER_SECOND ? 'met' : 'NOT met'})`);
  log(`trust root load (once per process): ${trustRootLoadMs.toFixed(1)} ms median for ${rootPath.split('/').pop()}, ${embeddedMs.toFixed(1)} ms for the embedded public-good root (first load)`);
  return { verificationsPerSecond: perSecond, goal: { min: GOAL_PER_SECOND, met: perSecond >= GOAL_PER_SECOND }, trustRootLoadMs, embeddedRootLoadMs: embeddedMs };
}
