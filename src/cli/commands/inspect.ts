import { EXIT } from '../exit-codes.js';
import { reportUsage } from '../usage.js';
import { asVerifyError } from '../../errors/index.js';
import { colorFor } from '../color.js';
import { renderInspectText } from '../render/inspect-text.js';
import { writeJson } from '../write-json.js';
import { inspectReport, readInspection } from '../../commands/inspect.js';

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
  let kind;
  try {
    const document = await readInspection({ path });
    kind = document.kind;
    items = document.items;
  } catch (err) {
    const error = asVerifyError(err);
    reportUsage('inspect', error, flags.format === 'json');
    return error.isUsage ? EXIT.usage : EXIT.failed;
  }
  if (flags.format === 'json') writeJson(inspectReport(path, items, kind));
  else process.stdout.write(renderInspectText(path, items, colorFor(process.stdout, flags.color), kind));
  return items.every((a) => a.error !== undefined) ? EXIT.failed : EXIT.verified;
}
