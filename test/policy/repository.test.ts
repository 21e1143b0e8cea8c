import { describe, expect, it } from 'vitest';
import { matchesAnyGlob } from '../../src/policy/glob.js';
import { normalizeRepository } from '../../src/policy/repository.js';

const REAL = 'github.com/o/hello';

describe('normalizeRepository', () => {
  it('folds the spellings of one repository', () => {
    for (const uri of ['github.com/o/hello', 'https://github.com/o/hello', 'git+https://github.com/o/hello', 'https://github.com/o/hello.git', 'https://github.com/o/hello/', 'git+https://github.com/o/hello.git@refs/heads/main', 'https://github.com/o/hello.git/']) {
      expect(normalizeRepository(uri), uri).toBe(REAL);
    }
  });

  it('keeps case, other @ suffixes and longer names apart from the real one', () => {
    for (const uri of ['https://GitHub.com/o/hello', 'https://github.com/O/Hello', 'https://github.com/o/hello@evil', 'https://github.com/o/hello2', 'https://github.com/o/hello-evil', 'https://github.com/o/hello/evil', 'https://github.com/o/hello.gitx', 'ssh://github.com/o/hello']) {
      expect(matchesAnyGlob(normalizeRepository(uri), [REAL]), uri).toBe(false);
    }
  });
});
