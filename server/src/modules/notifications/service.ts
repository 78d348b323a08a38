/**
 * The message centre: every notice lands in the user's in-app list (once per key), and, for the
 * kinds the user has not muted, goes out as a WeChat subscribe message through the outbox.
 * Scheduled notices (`at` in the future) appear and are pushed at that time, and can be withdrawn.
 */
import { createHash } from 'node:crypto';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import { Schema, type Connection, type Model } from 'mongoose';
import {
  NOTIFICATION_KINDS,
  type Notification,
  type NotificationKind,
  type NotificationPage,
  type NotificationPreference,
} from '@zwgk/types';
import { badRequest, notFound } from '../../platform/errors';
import { modelOn, replaceOrInsert } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import { PermanentJobError, type Outbox } from '../../platform/outbox';
import type { AuthUser } from '../../platform/routing';
import type { AccountsService } from '../accounts/service';
import type { SubscribeMessage } from './wechat';

dayjs.extend(utc);
dayjs.extend(timezone);

interface NotificationDoc {
  _id: string;
  key: string;
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  /** When it shows in the list (and is pushed). */
  at: Date;
  readAt: Date | null;
  createdAt: Date;
}

interface PreferenceDoc {
  _id: string; // user id
  muted: NotificationKind[];
  updatedAt: Date;
}

const NotificationSchema = new Schema<NotificationDoc>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true, index: true },
    userId: { type: String, required: true, index: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    link: { type: String, default: null },
    at: { type: Date, required: true },
    readAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'notifications' },
);
NotificationSchema.index({ userId: 1, at: -1 });

const PreferenceSchema = new Schema<PreferenceDoc>(
  {
    _id: { type: String, required: true },
    muted: { type: [String], default: [] },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'notification_preferences' },
);

/** Which subscribe-message template carries each kind (config: WECHAT_TEMPLATE_*). */
export type TemplateGroup = 'booking' | 'session' | 'disclosure' | 'consultation';
export const KIND_TEMPLATE: Record<NotificationKind, TemplateGroup | null> = {
  'booking.confirmed': 'booking',
  'booking.waitlisted': 'booking',
  'booking.promoted': 'booking',
  'session.reminder': 'session',
  'session.cancelled': 'session',
  'session.changed': 'session',
  'disclosure.correction': 'disclosure',
  'disclosure.progress': 'disclosure',
  'disclosure.replied': 'disclosure',
  'consultation.answered': 'consultation',
  system: null,
};

export interface NotifyInput {
  /** Once-only key per user, e.g. `booking.promoted:<bookingId>`. */
  key: string;
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** Client page path with query, e.g. `/pages/my-bookings/index`. */
  link?: string | null;
  /** Future time: scheduled (reminders). */
  at?: Date;
  wechat?: { data?: Record<string, string>; page?: string };
}

export interface NotificationsDeps {
  conn: Connection;
  outbox: Outbox;
  accounts: AccountsService;
  now: () => Date;
  logger: Logger;
  templates: Record<TemplateGroup, string>;
  send: (msg: SubscribeMessage) => Promise<void>;
}

const JOB_KIND = 'wechat.subscribe';
/** WeChat `thing` fields take at most 20 characters. */
const thing = (s: string) => (s.length > 20 ? `${s.slice(0, 19)}…` : s);

export class NotificationsService {
  readonly model: Model<NotificationDoc>;
  readonly prefs: Model<PreferenceDoc>;

  constructor(private readonly d: NotificationsDeps) {
    this.model = modelOn<NotificationDoc>(d.conn, 'Notification', NotificationSchema);
    this.prefs = modelOn<PreferenceDoc>(d.conn, 'NotificationPreference', PreferenceSchema);
    d.outbox.handle(JOB_KIND, (payload) => this.deliver(payload));
  }

  private idOf(userId: string, key: string) {
    return `n${createHash('sha256').update(`${userId}|${key}`).digest('hex').slice(0, 31)}`;
  }

  private templateFor(kind: NotificationKind): string | null {
    const group = KIND_TEMPLATE[kind];
    return group ? this.d.templates[group] || null : null;
  }

  /** Record a notice (once per user and key) and queue its WeChat push; false when it existed. */
  async notify(input: NotifyInput): Promise<boolean> {
    const now = this.d.now();
    const at = input.at && input.at > now ? input.at : now;
    const id = this.idOf(input.userId, input.key);
    try {
      await this.model.create({
        _id: id,
        key: input.key,
        userId: input.userId,
        kind: input.kind,
        title: input.title,
        body: input.body,
        link: input.link ?? null,
        at,
        readAt: null,
        createdAt: now,
      });
    } catch (e) {
      if ((e as { code?: number }).code === 11000) return false;
      throw e;
    }
    const templateId = this.templateFor(input.kind);
    if (templateId) {
      const when = dayjs(at).tz('Asia/Shanghai').format('YYYY年MM月DD日 HH:mm');
      await this.d.outbox.enqueue({
        key: `wx:${id}`,
        kind: JOB_KIND,
        dueAt: at,
        payload: {
          notificationId: id,
          userId: input.userId,
          kind: input.kind,
          templateId,
          page: input.wechat?.page ?? (input.link ? input.link.replace(/^\//, '') : 'pages/index/index'),
          data: input.wechat?.data ?? { thing1: thing(input.title), thing2: thing(input.body), time3: when },
        },
      });
    }
    return true;
  }

  /**
   * Withdraw scheduled (not yet due) notices with this key: the one user's when `userId` is given
   * (a direct lookup), else every user's.
   */
  async cancel(key: string, userId?: string): Promise<number> {
    const now = this.d.now();
    type Due = Pick<NotificationDoc, '_id' | 'at'>;
    let docs: Due[];
    if (userId) {
      const one = await this.model.findById(this.idOf(userId, key), { _id: 1, at: 1 }).lean<Due>();
      docs = one ? [one] : [];
    } else docs = await this.model.find({ key }, { _id: 1, at: 1 }).lean<Due[]>();
    let n = 0;
    for (const doc of docs) {
      if (doc.at <= now) continue;
      await this.d.outbox.cancel(`wx:${doc._id}`);
      await this.model.deleteOne({ _id: doc._id });
      n++;
    }
    return n;
  }

  /** Outbox handler: push one notice if it still stands and the user still wants it. */
  private async deliver(p: Record<string, unknown>): Promise<void> {
    const userId = String(p.userId);
    const kind = p.kind as NotificationKind;
    const notice = await this.model.findById(String(p.notificationId), { _id: 1 }).lean();
    if (!notice) throw new PermanentJobError('通知已撤回');
    const pref = await this.prefs.findById(userId).lean<PreferenceDoc>();
    if (pref?.muted.includes(kind)) throw new PermanentJobError('用户已关闭该类消息推送');
    const contact = await this.d.accounts.contactOf(userId);
    if (!contact?.openid || contact.disabled) throw new PermanentJobError('用户没有可用的微信身份');
    await this.d.send({
      touser: contact.openid,
      templateId: String(p.templateId),
      page: typeof p.page === 'string' ? p.page : undefined,
      data: (p.data ?? {}) as Record<string, string>,
    });
  }

  // ---------- the user's own list ----------

  private toDto(d: NotificationDoc): Notification {
    return {
      id: d._id,
      kind: d.kind,
      title: d.title,
      body: d.body,
      link: d.link,
      createdAt: d.at.toISOString(),
      read: d.readAt !== null,
    };
  }

  async unread(user: AuthUser): Promise<number> {
    return this.model.countDocuments({ userId: user.id, readAt: null, at: { $lte: this.d.now() } });
  }

  async list(user: AuthUser, q: { limit: number; cursor?: string }): Promise<NotificationPage> {
    const filter: Record<string, unknown> = { userId: user.id, at: { $lte: this.d.now() } };
    if (q.cursor) {
      const m = /^(\d{13})_(n[0-9a-f]{31})$/.exec(q.cursor);
      if (!m) throw badRequest('CURSOR_INVALID', '分页参数有误，请刷新后重试');
      const at = new Date(Number(m[1]));
      filter.$or = [{ at: { $lt: at } }, { at, _id: { $lt: m[2] } }];
      filter.at = { $lte: this.d.now() };
    }
    const docs = await this.model
      .find(filter)
      .sort({ at: -1, _id: -1 })
      .limit(q.limit + 1)
      .lean<NotificationDoc[]>();
    const more = docs.length > q.limit;
    const page = docs.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((d) => this.toDto(d)),
      nextCursor: more && last ? `${last.at.getTime()}_${last._id}` : null,
      unread: await this.unread(user),
    };
  }

  async markRead(user: AuthUser, id: string): Promise<Notification> {
    const doc = await this.model.findById(id).lean<NotificationDoc>();
    if (!doc || doc.userId !== user.id || doc.at > this.d.now()) throw notFound('消息不存在');
    if (!doc.readAt) {
      doc.readAt = this.d.now();
      await this.model.updateOne({ _id: id }, { $set: { readAt: doc.readAt } });
    }
    return this.toDto(doc);
  }

  async markAllRead(user: AuthUser): Promise<{ updated: number }> {
    const r = await this.model.updateMany(
      { userId: user.id, readAt: null, at: { $lte: this.d.now() } },
      { $set: { readAt: this.d.now() } },
    );
    return { updated: r.modifiedCount };
  }

  // ---------- preferences ----------

  async preferences(user: AuthUser): Promise<{ items: NotificationPreference[] }> {
    const pref = await this.prefs.findById(user.id).lean<PreferenceDoc>();
    const muted = new Set(pref?.muted ?? []);
    const items = (Object.keys(NOTIFICATION_KINDS) as NotificationKind[])
      .filter((k) => KIND_TEMPLATE[k] !== null)
      .map((kind) => ({
        kind,
        label: NOTIFICATION_KINDS[kind],
        wechat: !muted.has(kind),
        templateId: this.templateFor(kind),
      }));
    return { items };
  }

  async setPreferences(user: AuthUser, muted: NotificationKind[]) {
    const unique = [...new Set(muted)];
    await replaceOrInsert(this.prefs, user.id, { _id: user.id, muted: unique, updatedAt: this.d.now() });
    return this.preferences(user);
  }
}
