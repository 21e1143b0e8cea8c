/** The package URL of an npm package version: `pkg:npm/%40scope/name@1.0.0` (purl percent-encodes the scope's @). */
export function npmPurl(name: string, version: string): string {
  return `pkg:npm/${name.split('/').map(encodeURIComponent).join('/')}@${encodeURIComponent(version)}`;
}
