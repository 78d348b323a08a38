import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { createHash, randomBytes } from 'node:crypto';
import { unauthenticated } from './errors';

export interface AccessClaims {
  sub: string;
  ver: number;
}

const ISSUER = 'zwgk';
const AUDIENCE = 'zwgk-api';

export class TokenService {
  private readonly key: Uint8Array;
  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => Date,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  get accessTtlSeconds() {
    return this.ttlSeconds;
  }

  async signAccess(userId: string, tokenVersion: number): Promise<string> {
    const iat = Math.floor(this.now().getTime() / 1000);
    return new SignJWT({ ver: tokenVersion })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .sign(this.key);
  }

  /** Verify signature, algorithm, issuer, audience and expiry; throw 401 otherwise. */
  async verifyAccess(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: this.now(),
      });
      if (typeof payload.sub !== 'string' || typeof payload.ver !== 'number') throw new Error('claims');
      return { sub: payload.sub, ver: payload.ver };
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired)
        throw unauthenticated('TOKEN_EXPIRED', '登录已过期，请重新登录');
      throw unauthenticated('TOKEN_INVALID', '登录状态无效，请重新登录');
    }
  }
}

/** An opaque refresh token and the hash under which it is stored (never the token itself). */
export function newOpaqueToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
