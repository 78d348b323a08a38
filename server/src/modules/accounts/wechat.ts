/** WeChat `jscode2session` client; the base URL is configuration so tests use a local fake. */
import { AppError } from '../../platform/errors';

export interface WechatSession {
  openid: string;
  unionid?: string;
}

export interface WechatConfig {
  appid: string;
  secret: string;
  apiBase: string;
  timeoutMs: number;
}

export async function jscode2session(cfg: WechatConfig, code: string): Promise<WechatSession> {
  const url = new URL(`${cfg.apiBase}/sns/jscode2session`);
  url.searchParams.set('appid', cfg.appid);
  url.searchParams.set('secret', cfg.secret);
  url.searchParams.set('js_code', code);
  url.searchParams.set('grant_type', 'authorization_code');
  let data: { openid?: string; unionid?: string; errcode?: number; errmsg?: string };
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(cfg.timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    data = (await res.json()) as typeof data;
  } catch {
    throw new AppError(503, 'WECHAT_UNAVAILABLE', '微信登录服务暂时不可用，请稍后重试', undefined, {
      'Retry-After': '5',
    });
  }
  if (data.errcode === 40029 || data.errcode === 40163 || data.errcode === 40226) {
    throw new AppError(401, 'WECHAT_CODE_INVALID', '微信登录凭证无效或已过期，请重新进入小程序后再试');
  }
  if (data.errcode === 45011) {
    throw new AppError(429, 'WECHAT_RATE_LIMITED', '登录过于频繁，请一分钟后再试', undefined, {
      'Retry-After': '60',
    });
  }
  if ((data.errcode && data.errcode !== 0) || !data.openid) {
    throw new AppError(503, 'WECHAT_UNAVAILABLE', '微信登录服务暂时不可用，请稍后重试', undefined, {
      'Retry-After': '5',
    });
  }
  return { openid: data.openid, unionid: data.unionid };
}
