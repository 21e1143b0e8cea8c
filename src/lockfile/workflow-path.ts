/** `https://github.com/o/r/.github/workflows/x.yml@refs/tags/v1` -> `.github/workflows/x.yml`: the ref changes every release, the file should not. */
export function workflowPath(uri: string): string {
  const noRef = uri.replace(/@[^@]*$/, '');
  const at = noRef.indexOf('/.github/');
  return at >= 0 ? noRef.slice(at + 1) : noRef;
}
