import { VerifyError } from '../errors/index.js';

const NAME = /^(?:@([a-z0-9][a-z0-9._~-]*)\/)?([a-z0-9._~-][a-z0-9._~-]*)$/i;

/** The file `npm pack` writes: `name-1.0.0.tgz`, `@scope/name` as `scope-name-1.0.0.tgz`. */
export function npmTarballName(name: string, version: string): string {
  const match = NAME.exec(name);
  if (!match || version === '' || /[/\\]/.test(version)) throw new VerifyError('ErrorInvalidPackageName', `${name}@${version}: not an npm package name and version`);
  return `${match[1] === undefined ? '' : `${match[1]}-`}${match[2]!}-${version}.tgz`;
}
