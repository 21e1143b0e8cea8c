import { Chalk, type ChalkInstance } from 'chalk';

/**
 * Colour only for a terminal, and never when NO_COLOR is set (any value but
 * empty, per no-color.org) or --no-color was given: piped output, files and
 * JSON stay plain text.
 */
export function colorFor(stream: { isTTY?: boolean }, flagAllows: boolean, env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  const enabled = flagAllows && stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
  return new Chalk({ level: enabled ? 1 : 0 });
}
