import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'ini';
import { VerifyError } from '../errors/index.js';
import { PUBLIC_NPM_REGISTRY, withSlash, type NpmRegistryConfig } from '../npm/registry-config.js';

/**
 * The user's npm configuration as npm reads it, for the registry settings
 * only: `npm_config_registry` from the environment, then the project's
 * .npmrc (beside the lockfile), then the user's (~/.npmrc or
 * npm_config_userconfig), each parsed with npm's own ini parser and with
 * `${VAR}` expanded from the environment as npm does. Only `registry`,
 * `@scope:registry` and `//HOST/PATH/:_authToken` are used.
 */
export function readNpmConfig(lockfile: string, env: NodeJS.ProcessEnv): NpmRegistryConfig {
  const userconfig = env['npm_config_userconfig'] ?? env['NPM_CONFIG_USERCONFIG'] ?? join(env['HOME'] ?? homedir(), '.npmrc');
  // Lowest precedence first: later layers override.
  const layers = [readNpmrc(userconfig, env), readNpmrc(join(dirname(lockfile), '.npmrc'), env)];
  let registry = PUBLIC_NPM_REGISTRY;
  const scopes = new Map<string, string>();
  const tokens = new Map<string, string>();
  for (const layer of layers) {
    for (const [key, value] of layer) {
      if (key === 'registry') registry = withSlash(value);
      else if (/^@[^:]+:registry$/.test(key)) scopes.set(key.slice(0, key.indexOf(':')), withSlash(value));
      else if (/^\/\/.+:_authToken$/.test(key)) tokens.set(key.slice(0, -':_authToken'.length).replace(/([^/])$/, '$1/'), value);
    }
  }
  const fromEnv = env['npm_config_registry'] ?? env['NPM_CONFIG_REGISTRY'];
  if (fromEnv !== undefined && fromEnv !== '') registry = withSlash(fromEnv);
  return { registry, scopes, tokens };
}

function readNpmrc(path: string, env: NodeJS.ProcessEnv): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new VerifyError('ErrorUnreadableFile', `${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(parse(text) as Record<string, unknown>)) {
    if (typeof value === 'string') out.set(key, expand(value, env, path));
  }
  return out;
}

/** npm's `${VAR}` substitution; an unset variable is an error, as npm makes it. */
function expand(value: string, env: NodeJS.ProcessEnv, path: string): string {
  return value.replace(/(\\*)\$\{([^}]+)\}/g, (whole, slashes: string, name: string) => {
    if (slashes.length % 2 === 1) return whole.slice(1);
    const v = env[name];
    if (v === undefined) throw new VerifyError('ErrorUsage', `${path}: \${${name}} is not set`);
    return slashes + v;
  });
}
