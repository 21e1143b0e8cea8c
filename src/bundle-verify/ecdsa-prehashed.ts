import type { KeyObject } from 'node:crypto';

/**
 * ECDSA verification of a signature over a digest the caller holds (the
 * `sha256:<hex>` form of verify-bundle, where the artifact itself is absent).
 * node:crypto always hashes the message itself, so the textbook verification
 * equation is computed here. Only public values are involved: timing is no
 * concern. The key comes from node:crypto (a certificate or PEM), which has
 * already checked that the point is on the curve.
 */

interface Curve {
  p: bigint;
  n: bigint;
  gx: bigint;
  gy: bigint;
}

const CURVES: Readonly<Record<string, Curve>> = {
  'P-256': {
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
  },
  'P-384': {
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
    gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
  },
};

type Point = { x: bigint; y: bigint } | null;

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r >= 0n ? r : r + m;
}

function inverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return mod(oldS, m);
}

/** Affine point addition on y² = x³ − 3x + b (every NIST prime curve has a = −3). */
function add(c: Curve, P: Point, Q: Point): Point {
  if (P === null) return Q;
  if (Q === null) return P;
  let lambda: bigint;
  if (P.x === Q.x) {
    if (mod(P.y + Q.y, c.p) === 0n) return null;
    lambda = mod((3n * P.x * P.x - 3n) * inverse(2n * P.y, c.p), c.p);
  } else {
    lambda = mod((Q.y - P.y) * inverse(Q.x - P.x, c.p), c.p);
  }
  const x = mod(lambda * lambda - P.x - Q.x, c.p);
  return { x, y: mod(lambda * (P.x - x) - P.y, c.p) };
}

function multiply(c: Curve, k: bigint, P: Point): Point {
  let result: Point = null;
  let addend = P;
  while (k > 0n) {
    if (k & 1n) result = add(c, result, addend);
    addend = add(c, addend, addend);
    k >>= 1n;
  }
  return result;
}

function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

/** SEQUENCE { INTEGER r, INTEGER s }, short-form lengths only (enough up to P-384); anything else is refused. */
function parseDerSignature(sig: Buffer): { r: bigint; s: bigint } | undefined {
  if (sig.length < 8 || sig[0] !== 0x30 || sig[1] !== sig.length - 2 || sig[1]! >= 0x80) return undefined;
  let offset = 2;
  const ints: bigint[] = [];
  for (let i = 0; i < 2; i++) {
    if (sig[offset] !== 0x02) return undefined;
    const len = sig[offset + 1];
    if (len === undefined || len === 0 || len >= 0x80 || offset + 2 + len > sig.length) return undefined;
    const body = sig.subarray(offset + 2, offset + 2 + len);
    if ((body[0]! & 0x80) !== 0) return undefined; // negative
    if (len > 1 && body[0] === 0 && (body[1]! & 0x80) === 0) return undefined; // not minimal
    ints.push(toBigInt(body));
    offset += 2 + len;
  }
  return offset === sig.length ? { r: ints[0]!, s: ints[1]! } : undefined;
}

/** true when `sig` (DER) is a valid ECDSA signature by `key` over `digest`. */
export function verifyEcdsaDigest(key: KeyObject, digest: Buffer, sig: Buffer): boolean {
  if (key.asymmetricKeyType !== 'ec') return false;
  const jwk = key.export({ format: 'jwk' });
  const c = jwk.crv === undefined ? undefined : CURVES[jwk.crv];
  if (!c || jwk.x === undefined || jwk.y === undefined) return false;
  const parsed = parseDerSignature(sig);
  if (!parsed) return false;
  const { r, s } = parsed;
  if (r <= 0n || r >= c.n || s <= 0n || s >= c.n) return false;
  // e: the leftmost bits of the digest, as many as the order has.
  const orderBits = c.n.toString(2).length;
  let e = toBigInt(digest);
  const excess = digest.length * 8 - orderBits;
  if (excess > 0) e >>= BigInt(excess);
  const w = inverse(s, c.n);
  const Q = { x: toBigInt(Buffer.from(jwk.x, 'base64url')), y: toBigInt(Buffer.from(jwk.y, 'base64url')) };
  const X = add(c, multiply(c, mod(e * w, c.n), { x: c.gx, y: c.gy }), multiply(c, mod(r * w, c.n), Q));
  return X !== null && mod(X.x, c.n) === r;
}
