/** ID numbers at rest: AES-256-GCM with the server's PII key (pure: node:crypto only). */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function encryptPii(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return [
    'v1',
    iv.toString('base64url'),
    c.getAuthTag().toString('base64url'),
    ct.toString('base64url'),
  ].join('.');
}

/**
 * Open a sealed value with the first key that fits (the current key, then the previous one while a
 * key rotation is under way: GCM's tag tells a wrong key from a right one).
 */
export function decryptPii(keys: Buffer | readonly Buffer[], sealed: string): string {
  const [v, iv, tag, ct] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unknown PII envelope');
  let last: unknown;
  for (const key of Array.isArray(keys) ? keys : [keys]) {
    try {
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      d.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
    } catch (e) {
      last = e;
    }
  }
  throw last instanceof Error ? last : new Error('no key opens this value');
}

/** A keyed hash to find the same applicant again without storing the number. */
export function piiFingerprint(key: Buffer, plain: string): string {
  return createHmac('sha256', key).update(`id:${plain}`).digest('base64url');
}
