import { EXIT } from '../cli/exit-codes.js';
import { reportUsage } from '../cli/usage.js';
import { asVerifyError } from '../errors/index.js';
import { readProvenanceFile } from '../input/read-provenance.js';
import { colorFor } from './color.js';
import { readUnverified } from './read-attestation.js';
import { renderInspectJson, renderInspectText } from './render.js';

export interface InspectFlags {
  format: 'text' | 'json';
  color: boolean;
}

/**
 * `inspect FILE`: shows what an attestation claims without verifying it.
 * Exit 0 means "inspected", never "verified"; a file with no readable line
 * is exit 1, an unreadable one exit 2.
 */
export async function runInspectCommand(path: string, flags: InspectFlags): Promise<number> {
  let items;
  try {
    items = (await readProvenanceFile(path)).map(readUnverified);
  } catch (err) {
    const error = asVerifyError(err);
    reportUsage('inspect', error, flags.format === 'json');
    return error.isUsage ? EXIT.usage : EXIT.failed;
  }
  if (flags.format === 'json') process.stdout.write(renderInspectJson(path, items));
  else process.stdout.write(renderInspectText(path, items, colorFor(process.stdout, flags.color)));
  return items.every((a) => a.error !== undefined) ? EXIT.failed : EXIT.verified;
}
