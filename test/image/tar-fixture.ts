import { readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/** A minimal ustar writer for test archives (`docker save`-like tarballs). */

function header(name: string, size: number, type: string, linkname = ''): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write(linkname, 157, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

function pad(data: Buffer): Buffer {
  return Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

export interface TarFile {
  path: string;
  data: Buffer;
  /** ustar type flag: '0' file (default), '1' hard link, '2' symlink, '5' directory. */
  type?: string;
  linkname?: string;
  /** The size the header declares, when it is to lie about the data that follows. */
  declaredSize?: number;
}

export function tarBytes(files: readonly TarFile[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    if (Buffer.byteLength(f.path) > 99) {
      // A pax extended header carries the long path.
      const record = (len: number) => `${len} path=${f.path}\n`;
      let len = record(0).length;
      while (record(len).length !== len) len = record(len).length;
      const pax = Buffer.from(record(len));
      parts.push(header('PaxHeader', pax.length, 'x'), pad(pax));
      parts.push(header(f.path.slice(0, 99), f.declaredSize ?? f.data.length, f.type ?? '0', f.linkname), pad(f.data));
    } else {
      parts.push(header(f.path, f.declaredSize ?? f.data.length, f.type ?? '0', f.linkname), pad(f.data));
    }
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** Every file of a directory (e.g. an OCI layout), with paths relative to it. */
export function filesOf(dir: string): TarFile[] {
  const out: TarFile[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: relative(dir, p), data: readFileSync(p) });
    }
  };
  walk(dir);
  return out;
}

export function writeTar(files: readonly TarFile[], bytes?: Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'docker-archive-')), 'image.tar');
  writeFileSync(path, bytes ?? tarBytes(files));
  return path;
}
