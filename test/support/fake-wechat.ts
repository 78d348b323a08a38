/**
 * A fake WeChat API over real HTTP, speaking the `jscode2session` contract:
 * `GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code`.
 * A code is `<user>.<anything>`; the openid is derived from `<user>`, so the
 * same person gets the same openid on every login. Special codes:
 * `invalid…` → 40029, a code used twice → 40163, `busy…` → 45011 (rate limit),
 * `down…` → HTTP 500, `slow…` → answers after `slowMs`.
 *
 * Subscribe messages: `POST /cgi-bin/stable_token` gives an access token;
 * `POST /cgi-bin/message/subscribe/send?access_token=` records the message in
 * `messages`. `failSends = n` makes the next n sends answer -1 (system busy);
 * `sendDelayMs` delays each send; an openid in `refuse` answers 43101.
 */
import http from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
}

export interface FakeWechat {
  url: string;
  calls: { appid: string | null; secret: string | null; code: string | null; grantType: string | null }[];
  slowMs: number;
  /** Subscribe messages accepted, in order. */
  messages: SentMessage[];
  /** Send attempts, including failed ones. */
  sendAttempts: number;
  /** The next n sends fail with errcode -1. */
  failSends: number;
  sendDelayMs: number;
  /** Openids that have not subscribed: 43101. */
  refuse: Set<string>;
  tokenCalls: number;
  close(): Promise<void>;
}

export function openidFor(user: string) {
  return `o${createHash('sha256').update(user).digest('base64url').slice(0, 27)}`;
}

export async function startFakeWechat(
  appid = 'wx0000000000000000',
  secret = 'dev-secret',
): Promise<FakeWechat> {
  const used = new Set<string>();
  const fake: FakeWechat = {
    url: '',
    calls: [],
    slowMs: 3000,
    messages: [],
    sendAttempts: 0,
    failSends: 0,
    sendDelayMs: 0,
    refuse: new Set(),
    tokenCalls: 0,
    close: async () => undefined,
  };
  const token = `tok-${createHash('sha256').update(appid).digest('hex').slice(0, 16)}`;
  const readBody = (req: http.IncomingMessage) =>
    new Promise<Record<string, unknown>>((resolve) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        try {
          resolve(JSON.parse(raw || '{}') as Record<string, unknown>);
        } catch {
          resolve({});
        }
      });
    });
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (u.pathname === '/cgi-bin/stable_token' && req.method === 'POST') {
      void readBody(req).then((b) => {
        fake.tokenCalls++;
        if (b.appid !== appid || b.secret !== secret)
          return send(200, { errcode: 40125, errmsg: 'invalid appsecret' });
        send(200, { access_token: token, expires_in: 7200 });
      });
      return;
    }
    if (u.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
      void readBody(req).then((b) => {
        const answer = () => {
          fake.sendAttempts++;
          if (u.searchParams.get('access_token') !== token)
            return send(200, { errcode: 40001, errmsg: 'invalid credential' });
          if (fake.failSends > 0) {
            fake.failSends--;
            return send(200, { errcode: -1, errmsg: 'system error' });
          }
          if (fake.refuse.has(String(b.touser)))
            return send(200, { errcode: 43101, errmsg: 'user refuse to accept the msg' });
          fake.messages.push(b as unknown as SentMessage);
          send(200, { errcode: 0, errmsg: 'ok' });
        };
        if (fake.sendDelayMs) setTimeout(answer, fake.sendDelayMs);
        else answer();
      });
      return;
    }
    if (u.pathname !== '/sns/jscode2session') return send(404, { errcode: 404, errmsg: 'not found' });
    const code = u.searchParams.get('js_code');
    fake.calls.push({
      appid: u.searchParams.get('appid'),
      secret: u.searchParams.get('secret'),
      code,
      grantType: u.searchParams.get('grant_type'),
    });
    if (u.searchParams.get('appid') !== appid || u.searchParams.get('secret') !== secret) {
      return send(200, { errcode: 40125, errmsg: 'invalid appsecret' });
    }
    if (u.searchParams.get('grant_type') !== 'authorization_code') {
      return send(200, { errcode: 40002, errmsg: 'invalid grant_type' });
    }
    if (!code || code.startsWith('invalid')) return send(200, { errcode: 40029, errmsg: 'invalid code' });
    if (code.startsWith('busy')) return send(200, { errcode: 45011, errmsg: 'api minute-quota reach limit' });
    if (code.startsWith('down')) return send(500, { errcode: -1, errmsg: 'system error' });
    const answer = () => {
      if (used.has(code)) return send(200, { errcode: 40163, errmsg: 'code been used' });
      used.add(code);
      const user = code.split('.')[0]!;
      send(200, { openid: openidFor(user), session_key: 'c2Vzc2lvbmtleQ==', unionid: `u${openidFor(user)}` });
    };
    if (code.startsWith('slow')) setTimeout(answer, fake.slowMs);
    else answer();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return fake;
}
