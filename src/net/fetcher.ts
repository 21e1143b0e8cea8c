import type { GetOptions } from './http-client.js';

/**
 * Where evidence documents come from: the network (HttpClient), the network
 * with every answer also stored in an evidence directory, or the directory
 * alone (--offline). Whatever the source, the bytes are judged the same way.
 */
export interface Fetcher {
  /** The bytes at a URL; undefined when the source has none. */
  get(url: string, options: GetOptions): Promise<Buffer | undefined>;
}
