/**
 * WeChat subscribe messages (`subscribeMessage.send`) with a stable access token. The base URL is
 * configuration, so tests use the local fake. Errors are sorted into "retry later" and "give up".
 */
import { PermanentJobError } from '../../platform/outbox';

export interface WechatSendConfig {
  appid: string;
  secret: string;
  apiBase: string;
  timeoutMs: number;
  miniprogramState: 'formal' | 'trial' | 'developer';
}

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, string>;
}

/** WeChat answers that retrying cannot fix. */
const PERMANENT = new Map<number, string>([
  [43101, '用户未订阅或已拒收该消息'],
  [40003, '用户标识无效'],
  [40037, '订阅模板 ID 无效'],
  [47003, '模板参数不符合要求'],
]);
const TOKEN_INVALID = new Set([40001, 40014, 42001]);

export class WechatMessenger {
  private token: { value: string; expiresAt: number } | null = null;

  constructor(
    private readonly cfg: WechatSendConfig,
    private readonly now: () => Date,
  ) {}

  private async call<T>(path: string, body: unknown): Promise<T> {
    const res = await fetch(`${this.cfg.apiBase}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.cfg.timeoutMs),
    });
    if (!res.ok) throw new Error(`微信接口 HTTP ${res.status}`);
    return (await res.json()) as T;
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > this.now().getTime() + 60_000) return this.token.value;
    const data = await this.call<{ access_token?: string; expires_in?: number; errcode?: number }>(
      '/cgi-bin/stable_token',
      {
        grant_type: 'client_credential',
        appid: this.cfg.appid,
        secret: this.cfg.secret,
        force_refresh: false,
      },
    );
    if (!data.access_token) throw new Error(`获取微信 access_token 失败 (${data.errcode ?? 'no token'})`);
    this.token = {
      value: data.access_token,
      expiresAt: this.now().getTime() + (data.expires_in ?? 7200) * 1000,
    };
    return data.access_token;
  }

  /** Send once; throws PermanentJobError or a retryable Error. */
  async send(msg: SubscribeMessage): Promise<void> {
    const token = await this.accessToken();
    const data = await this.call<{ errcode?: number; errmsg?: string }>(
      `/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`,
      {
        touser: msg.touser,
        template_id: msg.templateId,
        page: msg.page,
        miniprogram_state: this.cfg.miniprogramState,
        lang: 'zh_CN',
        data: Object.fromEntries(Object.entries(msg.data).map(([k, v]) => [k, { value: v }])),
      },
    );
    const code = data.errcode ?? 0;
    if (code === 0) return;
    if (TOKEN_INVALID.has(code)) {
      this.token = null;
      throw new Error(`微信 access_token 失效 (${code})`);
    }
    const permanent = PERMANENT.get(code);
    if (permanent) throw new PermanentJobError(`${permanent} (${code})`);
    throw new Error(`微信消息发送失败 (${code} ${data.errmsg ?? ''})`.trim());
  }
}
