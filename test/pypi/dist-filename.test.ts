import { describe, expect, it } from 'vitest';
import { parseDistFilename, sameDistribution } from '../../src/pypi/dist-filename.js';
import { codeOf } from '../support/code-of.js';

const same = (a: string, b: string): boolean => sameDistribution(parseDistFilename(a), parseDistFilename(b));

describe('distribution filenames', () => {
  it('parses wheels and sdists as packaging does', () => {
    expect(parseDistFilename('Foo.Bar-1.0-1build-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl')).toEqual({
      kind: 'wheel', project: 'foo-bar', version: '1.0', build: '1build',
      tags: ['cp312-cp312-manylinux2014_x86_64', 'cp312-cp312-manylinux_2_17_x86_64'],
    });
    expect(parseDistFilename('my-pkg-2.0rc1.tar.gz')).toEqual({ kind: 'sdist', project: 'my-pkg', version: '2.0rc1', build: '', tags: [] });
  });

  it('compares canonical project names and tag sets, not spelling', () => {
    expect(same('Hello.Py-1.0.0-py3-none-any.whl', 'hello_py-1.0.0-py3-none-any.whl')).toBe(true);
    expect(same('a-1.0-py2.py3-none-any.whl', 'a-1.0-py3.py2-none-any.whl')).toBe(true);
    expect(same('hello_py-1.0.0.tar.gz', 'hello-py-1.0.0.tar.gz')).toBe(true);
  });

  it('tells distributions apart by version, tags, build and kind', () => {
    expect(same('a-1.0-py3-none-any.whl', 'a-1.1-py3-none-any.whl')).toBe(false);
    expect(same('a-1.0-py3-none-any.whl', 'a-1.0-cp312-abi3-any.whl')).toBe(false);
    expect(same('a-1.0-1-py3-none-any.whl', 'a-1.0-py3-none-any.whl')).toBe(false);
    expect(same('a-1.0.tar.gz', 'a-1.0-py3-none-any.whl')).toBe(false);
    expect(same('a-1.0.tar.gz', 'b-1.0.tar.gz')).toBe(false);
  });

  it.each(['hello.txt', 'a-1.0.whl', 'a__b-1.0-py3-none-any.whl', 'a-1.0-x-py3-none-any.whl', 'a.tar.gz', 'a-not_a_version.tar.gz', '../a-1.0.tar.gz'])(
    'rejects %s',
    (name) => expect(codeOf(() => parseDistFilename(name))).toBe('ErrorInvalidSubject'),
  );
});
