import { Types } from 'mongoose';
import {
  CONSULTATION_TOPICS,
  faqTopicsOf,
  scrubPersonalDetails,
  type Consultation,
  type ConsultationCreate,
  type ConsultationListItem,
  type ConsultationQueueQuery,
  type ConsultationRoute,
  type ConsultationStats,
  type ConsultationTopic,
  type FileMeta,
  type NotificationKind,
  type Organ,
  type PublishedQa,
  type Rating,
} from '@zwgk/types';
import type { AccountsService } from '../accounts/service';
import type { CalendarService } from '../calendar/service';
import { addWorkdays, chinaDate, workdaysBetween } from '../calendar/days';
import type { PoliciesService } from '../policies/service';
import type { Claims } from '../../platform/claims';
import { replaceOrInsert } from '../../platform/db';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { PermanentJobError, type Outbox } from '../../platform/outbox';
import type { AuthUser } from '../../platform/routing';
import type { ConsultationDoc, ConsultationModels, ConsultationPublicationDoc, ReplyDoc } from './model';
import { isOpen, isOverdue, statsOf } from './rules';

/** What this module needs from the message centre. */
export interface Notifier {
  notify(n: {
    key: string;
    userId: string;
    kind: NotificationKind;
    title: string;
    body: string;
    link?: string;
  }): Promise<boolean>;
}

/** What this module needs from the file store. */
export interface FileStore {
  attach(
    fileIds: string[],
    opts: { uploaderId?: string; purpose?: 'consultation-image'; public?: boolean; organIds?: string[] },
  ): Promise<FileMeta[]>;
  describe(fileIds: string[], user: AuthUser | null): Promise<FileMeta[]>;
}

/** Looks up a session's title (the sessions module's service). */
export interface SessionLookup {
  get(actor: AuthUser | null, id: string): Promise<{ id: string; title: string }>;
}

export interface ConsultationsDeps {
  models: ConsultationModels;
  claims: Claims;
  accounts: AccountsService;
  calendar: CalendarService;
  policies: Pick<PoliciesService, 'createFaq' | 'getPublic' | 'listFaqs'>;
  sessions?: SessionLookup;
  notifications: Notifier;
  /** Notices to the staff of an organ go out through the outbox (the staff lookup scans users). */
  outbox: Pick<Outbox, 'enqueue' | 'get'>;
  files: FileStore;
  now: () => Date;
  logger: Logger;
  /** Working days within which a reply is promised (default 5). */
  replyWorkdays: number;
}

export const CONSULT_DETAIL_PAGE = '/pages/consult-detail/index';
export const STAFF_DETAIL_PAGE = '/workbench/consultations/detail';
const STAFF_SIDE = ['staff', 'reviewer', 'organizer', 'admin'] as const;

/** Outbox job kind: tell the staff of an organ about a question waiting for them. */
export const STAFF_NOTICE_JOB = 'consultation.staff-notice';

/**
 * A notice owed to the staff of `organId`: a new question (`new`, version 0), a follow-up, a question
 * re-assigned to the organ (each at the version its step produced), or a question past its promised
 * day (`overdue`, per phase: the first question or the follow-up).
 */
export interface StaffNotice {
  consultationId: string;
  event: 'new' | 'followup' | 'assigned' | 'overdue';
  organId: string;
  version: number;
  phase?: 'ask' | 'followup';
  fromOrganId?: string;
}

/** The service acting for itself (listing an organ's staff, finding an FAQ it made). */
const SYSTEM_ACTOR: AuthUser = { id: 'system', displayName: '系统', roles: ['admin'], organIds: [] };

/** `2026-12-03` → `12月3日`. */
export const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

const oid = (id: string) => {
  if (!Types.ObjectId.isValid(id) || !/^[0-9a-f]{24}$/.test(id)) throw notFound('咨询不存在');
  return new Types.ObjectId(id);
};
const iso = (d: Date) => d.toISOString();

export class ConsultationsService {
  constructor(private readonly d: ConsultationsDeps) {}

  get replyWorkdays() {
    return this.d.replyWorkdays;
  }

  private get m() {
    return this.d.models;
  }

  private today() {
    return chinaDate(this.d.now());
  }

  private async organNames(): Promise<Map<string, Organ>> {
    return new Map((await this.d.accounts.listOrgans()).map((o) => [o.id, o]));
  }

  private isAdmin(user: AuthUser | null) {
    return !!user?.roles.includes('admin');
  }

  /** Staff-side user of the organ (staff, reviewer or organizer). */
  private worksAt(user: AuthUser | null, organId: Types.ObjectId | string) {
    return (
      !!user &&
      user.roles.some((r) => r === 'staff' || r === 'reviewer') &&
      user.organIds.includes(String(organId))
    );
  }

  private canAnswer(user: AuthUser | null, c: ConsultationDoc) {
    return !!user && user.roles.includes('staff') && user.organIds.includes(String(c.organId));
  }

  // ---------- routing table ----------

  async routes(): Promise<ConsultationRoute[]> {
    const [docs, organs] = await Promise.all([this.m.Route.find().lean(), this.organNames()]);
    const byTopic = new Map(docs.map((d) => [d._id, String(d.organId)]));
    return CONSULTATION_TOPICS.map((topic) => {
      const organId = byTopic.get(topic) ?? null;
      return { topic, organId, organName: organId ? (organs.get(organId)?.name ?? null) : null };
    });
  }

  async setRoute(actor: AuthUser, topic: ConsultationTopic, organId: string): Promise<ConsultationRoute[]> {
    if (!this.isAdmin(actor)) throw forbidden('只有系统管理员可以调整咨询分办规则');
    await this.organOrFail(organId);
    await this.m.Route.replaceOne(
      { _id: topic },
      { organId: new Types.ObjectId(organId), updatedBy: actor.id, updatedAt: this.d.now() },
      { upsert: true },
    );
    return this.routes();
  }

  private async organOrFail(organId: string): Promise<Organ> {
    try {
      return await this.d.accounts.getOrgan(organId);
    } catch (e) {
      if (e instanceof AppError && e.status === 404)
        throw unprocessable('CONSULTATION_ORGAN_INVALID', '所选机关不存在', [
          { path: 'organId', message: '所选机关不存在' },
        ]);
      throw e;
    }
  }

  /** The organ that answers a topic: its row in the table, else the row of 其他. */
  private async routeOf(topic: ConsultationTopic): Promise<Types.ObjectId> {
    const docs = await this.m.Route.find({ _id: { $in: [topic, '其他'] } }).lean();
    const hit = docs.find((d) => d._id === topic) ?? docs.find((d) => d._id === '其他');
    if (!hit)
      throw conflict('CONSULTATION_ROUTE_MISSING', '该主题暂未确定受理机关，请稍后再试或拨打咨询电话');
    return hit.organId;
  }

  // ---------- citizen ----------

  async create(user: AuthUser, input: ConsultationCreate): Promise<Consultation> {
    const topic = input.topic;
    let policy: ConsultationDoc['policy'] = null;
    if (input.policyId) {
      try {
        const p = (await this.d.policies.getPublic(input.policyId)).policy;
        policy = { id: p.id, title: p.title, organId: p.organId };
      } catch (e) {
        if (e instanceof AppError && e.status === 404)
          throw unprocessable('CONSULTATION_POLICY_INVALID', '所咨询的政策文件不存在或尚未公开', [
            { path: 'policyId', message: '所咨询的政策文件不存在或尚未公开' },
          ]);
        throw e;
      }
    }
    let session: ConsultationDoc['session'] = null;
    if (input.sessionId) {
      if (!this.d.sessions)
        throw unprocessable('CONSULTATION_SESSION_INVALID', '所咨询的政务公开讲场次不存在');
      try {
        const s = await this.d.sessions.get(null, input.sessionId);
        session = { id: s.id, title: s.title };
      } catch (e) {
        if (e instanceof AppError && e.status === 404)
          throw unprocessable('CONSULTATION_SESSION_INVALID', '所咨询的政务公开讲场次不存在', [
            { path: 'sessionId', message: '所咨询的政务公开讲场次不存在' },
          ]);
        throw e;
      }
    }
    const organId = await this.routeOf(topic);
    const imageIds = [...new Set(input.imageIds ?? [])];
    if (imageIds.length)
      await this.d.files.attach(imageIds, {
        uploaderId: user.id,
        purpose: 'consultation-image',
        organIds: [String(organId)],
      });
    const now = this.d.now();
    const askedOn = chinaDate(now);
    const cal = await this.d.calendar.rules();
    const doc: ConsultationDoc = {
      _id: new Types.ObjectId(),
      userId: new Types.ObjectId(user.id),
      askerName: user.displayName,
      topic,
      question: input.question,
      policy,
      session,
      imageIds,
      organId,
      status: 'pending',
      version: 0,
      askedAt: now,
      askedOn,
      dueOn: addWorkdays(cal, askedOn, this.d.replyWorkdays).date,
      answer: null,
      followUp: null,
      rating: null,
      ratingComment: null,
      ratedAt: null,
      consentPublish: input.consentPublish,
      published: null,
      transfers: [],
    };
    // Queued first, so a crash after the insert cannot lose it; the job waits for the record.
    await this.queueStaffNotice({
      consultationId: String(doc._id),
      event: 'new',
      organId: String(organId),
      version: 0,
    });
    await this.m.Consultation.create(doc);
    return this.toDto(user, doc);
  }

  async mine(user: AuthUser): Promise<ConsultationListItem[]> {
    const docs = await this.m.Consultation.find({ userId: new Types.ObjectId(user.id) })
      .sort({ askedAt: -1 })
      .limit(200)
      .lean<ConsultationDoc[]>();
    return this.toItems(docs);
  }

  /** One consultation: the asker, staff of its organ, or an admin; other citizens get 404. */
  async get(user: AuthUser, id: string): Promise<Consultation> {
    return this.toDto(user, await this.visible(user, id));
  }

  private async visible(user: AuthUser, id: string): Promise<ConsultationDoc> {
    const c = await this.m.Consultation.findById(oid(id)).lean<ConsultationDoc>();
    if (!c) throw notFound('咨询不存在');
    if (String(c.userId) === user.id || this.isAdmin(user) || this.worksAt(user, c.organId)) return c;
    if (user.roles.some((r) => (STAFF_SIDE as readonly string[]).includes(r)))
      throw forbidden('只能查看本机关受理的咨询');
    throw notFound('咨询不存在');
  }

  async rate(user: AuthUser, id: string, rating: Rating, comment?: string): Promise<Consultation> {
    const c = await this.owned(user, id);
    if (c.status !== 'answered' && c.status !== 'closed')
      throw conflict('CONSULTATION_NOT_ANSWERED', '答复后才能评价');
    if (c.rating) throw conflict('CONSULTATION_ALREADY_RATED', '您已评价过该咨询，不能重复评价');
    const after = await this.step(c, {
      rating,
      ratingComment: comment?.trim() || null,
      ratedAt: this.d.now(),
    });
    return this.toDto(user, after);
  }

  async followUp(user: AuthUser, id: string, question: string): Promise<Consultation> {
    const c = await this.owned(user, id);
    if (c.followUp)
      throw conflict('CONSULTATION_FOLLOWUP_USED', '每条咨询只能追问一次，如有新问题请重新提问');
    if (c.status !== 'answered') throw conflict('CONSULTATION_NOT_ANSWERED', '答复后才能追问');
    const now = this.d.now();
    const askedOn = chinaDate(now);
    const cal = await this.d.calendar.rules();
    // If the step below loses, the job finds the record at another state and tells no one.
    await this.queueStaffNotice({
      consultationId: String(c._id),
      event: 'followup',
      organId: String(c.organId),
      version: c.version + 1,
    });
    const after = await this.step(c, {
      status: 'followup',
      followUp: {
        question,
        askedAt: now,
        askedOn,
        dueOn: addWorkdays(cal, askedOn, this.d.replyWorkdays).date,
        answer: null,
      },
    });
    return this.toDto(user, after);
  }

  private async owned(user: AuthUser, id: string): Promise<ConsultationDoc> {
    const c = await this.m.Consultation.findById(oid(id)).lean<ConsultationDoc>();
    if (!c || String(c.userId) !== user.id) throw notFound('咨询不存在');
    return c;
  }

  /**
   * Every change moves the record from version n to n+1; the step is claimed first
   * (`cst:<id>:v<n+1>`), so of two concurrent changes exactly one wins and the other answers 409.
   */
  private async step(c: ConsultationDoc, set: Partial<ConsultationDoc>): Promise<ConsultationDoc> {
    const next = c.version + 1;
    if (!(await this.d.claims.claim(`cst:${String(c._id)}:v${next}`, String(c._id))))
      throw conflict('CONSULTATION_CHANGED', '该咨询刚刚已被处理，请刷新后查看');
    await this.m.Consultation.updateOne({ _id: c._id }, { $set: { ...set, version: next } });
    return { ...c, ...set, version: next };
  }

  /** Claims of steps whose record never moved (a crash between the two writes), after a minute. */
  async repair(): Promise<number> {
    const cutoff = new Date(this.d.now().getTime() - 60_000);
    const claims = await this.d.claims.model
      .find({ kind: 'cst', createdAt: { $lt: cutoff } })
      .sort({ createdAt: -1 })
      .limit(500)
      .lean();
    let removed = 0;
    for (const cl of claims) {
      const m = /^cst:([0-9a-f]{24}):v(\d+)$/.exec(cl._id);
      if (!m) continue;
      const c = await this.m.Consultation.findById(m[1], { version: 1 }).lean();
      if (!c || c.version < Number(m[2])) {
        await this.d.claims.release(cl._id);
        removed++;
      }
    }
    return removed;
  }

  // ---------- staff ----------

  private staffOrganFilter(user: AuthUser, organ?: string): Types.ObjectId[] | null {
    if (organ) {
      if (!this.isAdmin(user) && !user.organIds.includes(organ)) throw forbidden('只能查看本机关受理的咨询');
      return [new Types.ObjectId(organ)];
    }
    if (this.isAdmin(user)) return null;
    return user.organIds.map((o) => new Types.ObjectId(o));
  }

  /** The workbench queue: overdue first, then by the promised day. */
  async queue(user: AuthUser, q: ConsultationQueueQuery): Promise<ConsultationListItem[]> {
    const organs = this.staffOrganFilter(user, q.organ);
    const filter: Record<string, unknown> = {};
    if (organs) filter.organId = { $in: organs };
    if (q.status === 'open') filter.status = { $in: ['pending', 'followup'] };
    else if (q.status) filter.status = q.status;
    if (q.topic) filter.topic = q.topic;
    if (q.rating) filter.rating = q.rating;
    if (q.from || q.to)
      filter.askedOn = { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lte: q.to } : {}) };
    const docs = await this.m.Consultation.find(filter).limit(1000).lean<ConsultationDoc[]>();
    let items = await this.toItems(docs);
    if (q.overdue) items = items.filter((i) => i.overdue === (q.overdue === 'true'));
    return items
      .sort(
        (a, b) =>
          Number(b.overdue) - Number(a.overdue) ||
          Number(isOpen(b.status)) - Number(isOpen(a.status)) ||
          (isOpen(a.status) ? a.dueOn.localeCompare(b.dueOn) : b.askedAt.localeCompare(a.askedAt)) ||
          a.askedAt.localeCompare(b.askedAt),
      )
      .slice(0, 200);
  }

  private async forStaff(user: AuthUser, id: string): Promise<ConsultationDoc> {
    const c = await this.m.Consultation.findById(oid(id)).lean<ConsultationDoc>();
    if (!c) throw notFound('咨询不存在');
    if (!this.isAdmin(user) && !this.worksAt(user, c.organId)) throw forbidden('只能办理本机关受理的咨询');
    return c;
  }

  async answer(user: AuthUser, id: string, text: string): Promise<Consultation> {
    const c = await this.forStaff(user, id);
    if (!this.canAnswer(user, c)) throw forbidden('只有本机关的工作人员可以答复咨询');
    if (!isOpen(c.status)) throw conflict('CONSULTATION_ALREADY_ANSWERED', '该咨询已答复，无需重复答复');
    const now = this.d.now();
    const on = chinaDate(now);
    const organs = await this.organNames();
    const cal = await this.d.calendar.rules();
    const reply = (from: string): ReplyDoc => ({
      text,
      at: now,
      on,
      byId: user.id,
      byName: user.displayName,
      organName: organs.get(String(c.organId))?.name ?? '',
      workdays: workdaysBetween(cal, from, on),
    });
    const followup = c.status === 'followup';
    const after = followup
      ? await this.step(c, {
          status: 'closed',
          followUp: { ...c.followUp!, answer: reply(c.followUp!.askedOn) },
        })
      : await this.step(c, { status: 'answered', answer: reply(c.askedOn) });
    const organName = organs.get(String(c.organId))?.name ?? '主管部门';
    try {
      await this.d.notifications.notify({
        key: `consultation.answered:${String(c._id)}${followup ? ':followup' : ''}`,
        userId: String(c.userId),
        kind: 'consultation.answered',
        title: followup ? '您的追问已答复' : '您的政策咨询已答复',
        body: `${organName}已答复您关于“${c.topic}”的${followup ? '追问' : '咨询'}，请查看`,
        link: `${CONSULT_DETAIL_PAGE}?id=${String(c._id)}`,
      });
    } catch (err) {
      this.d.logger.error({ err, consultation: String(c._id) }, 'consultation notice failed');
    }
    return this.toDto(user, after);
  }

  async assign(user: AuthUser, id: string, organId: string, reason: string): Promise<Consultation> {
    const c = await this.forStaff(user, id);
    if (!isOpen(c.status)) throw conflict('CONSULTATION_ALREADY_ANSWERED', '该咨询已答复，不能再转办');
    if (String(c.organId) === organId) throw conflict('CONSULTATION_SAME_ORGAN', '该咨询已由所选机关受理');
    await this.organOrFail(organId);
    if (c.imageIds.length) await this.d.files.attach(c.imageIds, { organIds: [organId] });
    await this.queueStaffNotice({
      consultationId: String(c._id),
      event: 'assigned',
      organId,
      version: c.version + 1,
      fromOrganId: String(c.organId),
    });
    const after = await this.step(c, {
      organId: new Types.ObjectId(organId),
      transfers: [
        ...c.transfers,
        { fromOrganId: String(c.organId), toOrganId: organId, reason, at: this.d.now(), byId: user.id },
      ],
    });
    return this.toDto(user, after);
  }

  /** Publish the Q&A, without personal details, as an FAQ entry of the policy library. */
  async publish(
    user: AuthUser,
    id: string,
    input: { question?: string; answer?: string },
  ): Promise<Consultation> {
    const c = await this.forStaff(user, id);
    if (!this.canAnswer(user, c)) throw forbidden('只有本机关的工作人员可以公开问答');
    if (!c.consentPublish) throw conflict('CONSULTATION_NO_CONSENT', '提问人未同意公开，不能发布为常见问答');
    if (!c.answer) throw conflict('CONSULTATION_NOT_ANSWERED', '答复后才能公开');
    if (c.published) throw conflict('CONSULTATION_ALREADY_PUBLISHED', '该问答已公开');
    const names = [c.askerName];
    const question = scrubPersonalDetails(input.question ?? c.question, names);
    const answer = scrubPersonalDetails(input.answer ?? c.answer.text, names);
    if (question.length > 200)
      throw unprocessable('CONSULTATION_QUESTION_TOO_LONG', '公开的问题不超过200个字，请精简后发布', [
        { path: 'question', message: '公开的问题不超过200个字，请精简后发布' },
      ]);
    if (question.length < 5 || answer.length < 10)
      throw unprocessable('CONSULTATION_TEXT_TOO_SHORT', '去除个人信息后内容过短，请编辑后发布');
    const cid = String(c._id);
    const key = `cstfaq:${cid}`;
    if (!(await this.d.claims.claim(key, cid))) {
      const fresh = await this.m.Consultation.findById(c._id, { published: 1 }).lean<ConsultationDoc>();
      if (fresh?.published) throw conflict('CONSULTATION_ALREADY_PUBLISHED', '该问答已公开');
      throw conflict('CONSULTATION_PUBLISHING', '该问答正在公开，请稍后刷新查看');
    }
    const policyId = c.policy && c.policy.organId === String(c.organId) ? c.policy.id : null;
    const at = this.d.now();
    let faqId: string;
    try {
      await replaceOrInsert(this.m.Publication, cid, {
        _id: cid,
        organId: String(c.organId),
        policyId,
        question,
        answer,
        byId: user.id,
        at,
        faqId: null,
      });
      faqId = (
        await this.d.policies.createFaq(user, {
          organId: String(c.organId),
          policyId,
          question,
          answer,
          topics: faqTopicsOf(c.topic),
        })
      ).id;
    } catch (e) {
      // Refused before anything was written: staff may correct it and try again at once. Any other
      // failure leaves it unknown whether the FAQ exists; the repair job settles that after a minute.
      if (e instanceof AppError && e.status < 500) {
        await this.m.Publication.deleteOne({ _id: cid });
        await this.d.claims.release(key);
      }
      throw e;
    }
    // The FAQ exists: the claim stays. Should what follows fail, the repair job links the FAQ.
    await this.m.Publication.updateOne({ _id: cid }, { $set: { faqId } });
    const after = await this.recordPublished(c._id, { faqId, at, question, answer, byId: user.id });
    return this.toDto(user, after);
  }

  /** Write `published` as a versioned step, retried when another change came first. */
  private async recordPublished(
    id: Types.ObjectId,
    published: NonNullable<ConsultationDoc['published']>,
  ): Promise<ConsultationDoc> {
    for (let attempt = 1; ; attempt++) {
      const c = await this.m.Consultation.findById(id).lean<ConsultationDoc>();
      if (!c) throw notFound('咨询不存在');
      if (c.published) return c;
      try {
        return await this.step(c, { published });
      } catch (e) {
        if (!(e instanceof AppError && e.code === 'CONSULTATION_CHANGED') || attempt >= 3) throw e;
      }
    }
  }

  /**
   * Publications whose `cstfaq` claim is over a minute old but never reached the consultation (a
   * crash between the claim, the FAQ and the record): when the FAQ was made, link it; otherwise
   * release the claim so staff can publish again. Newest claims first (every published consultation
   * keeps its claim).
   */
  async repairPublications(): Promise<{ completed: number; released: number }> {
    const cutoff = new Date(this.d.now().getTime() - 60_000);
    const claims = await this.d.claims.model
      .find({ kind: 'cstfaq', createdAt: { $lt: cutoff } })
      .sort({ createdAt: -1 })
      .limit(500)
      .lean();
    let completed = 0;
    let released = 0;
    for (const cl of claims) {
      const m = /^cstfaq:([0-9a-f]{24})$/.exec(cl._id);
      if (!m) continue;
      const cid = m[1]!;
      const c = await this.m.Consultation.findById(cid).lean<ConsultationDoc>();
      if (c?.published) continue;
      const intent = c ? await this.m.Publication.findById(cid).lean<ConsultationPublicationDoc>() : null;
      const faqId = intent ? await this.faqMadeFor(intent) : null;
      if (c && intent && faqId) {
        try {
          await this.recordPublished(c._id, {
            faqId,
            at: intent.at,
            question: intent.question,
            answer: intent.answer,
            byId: intent.byId,
          });
          if (!intent.faqId) await this.m.Publication.updateOne({ _id: cid }, { $set: { faqId } });
          completed++;
        } catch (err) {
          this.d.logger.warn({ err, consultation: cid }, 'consultation publication repair failed');
        }
        continue;
      }
      await this.m.Publication.deleteOne({ _id: cid });
      await this.d.claims.release(cl._id);
      released++;
    }
    return { completed, released };
  }

  /** The FAQ a publication made: recorded, or else the organ's FAQ with exactly its text, made since. */
  private async faqMadeFor(p: ConsultationPublicationDoc): Promise<string | null> {
    if (p.faqId) return p.faqId;
    const actor: AuthUser = { ...SYSTEM_ACTOR, roles: ['staff'], organIds: [p.organId] };
    const { items } = await this.d.policies.listFaqs(actor, {});
    const since = new Date(p.at).toISOString();
    const hit = items.find(
      (f) =>
        f.organId === p.organId &&
        f.policyId === p.policyId &&
        f.question === p.question &&
        f.answer === p.answer &&
        f.updatedAt >= since,
    );
    return hit?.id ?? null;
  }

  // ---------- notices to staff ----------

  private staffNoticeKey(n: StaffNotice) {
    return n.event === 'overdue'
      ? `cstn:${n.consultationId}:overdue:${n.phase}:${n.organId}`
      : `cstn:${n.consultationId}:${n.event}:v${n.version}:${n.organId}`;
  }

  /** Queue a notice to the staff of an organ (once per key); false when it was queued before. */
  private async queueStaffNotice(n: StaffNotice): Promise<boolean> {
    return this.d.outbox.enqueue({
      key: this.staffNoticeKey(n),
      kind: STAFF_NOTICE_JOB,
      payload: { ...n },
    });
  }

  /**
   * Outbox handler: tell every active staff member of the organ, if the question still waits for
   * that organ in the state the notice is about. Notices carry the topic, a short excerpt of the
   * question with personal details removed and the promised day; never the asker's name.
   */
  async deliverStaffNotice(payload: Record<string, unknown>, job: { attempts: number }): Promise<void> {
    const n = payload as unknown as StaffNotice;
    const c = /^[0-9a-f]{24}$/.test(String(n.consultationId))
      ? await this.m.Consultation.findById(n.consultationId).lean<ConsultationDoc>()
      : null;
    if (!c) {
      // Queued just before the record is written: wait for it once, then give up.
      if (job.attempts === 0) throw new Error('consultation not written yet');
      throw new PermanentJobError('咨询不存在');
    }
    if (!this.stillOwed(c, n)) return;
    const notice = await this.staffNoticeText(c, n);
    for (const userId of await this.staffOf(n.organId)) {
      await this.d.notifications.notify({
        key: notice.key,
        userId,
        kind: 'system',
        title: notice.title,
        body: notice.body,
        link: `${STAFF_DETAIL_PAGE}?id=${n.consultationId}`,
      });
    }
  }

  private stillOwed(c: ConsultationDoc, n: StaffNotice): boolean {
    if (String(c.organId) !== n.organId) return false;
    if (n.event === 'overdue')
      return (
        c.status === (n.phase === 'followup' ? 'followup' : 'pending') &&
        isOverdue(c.status, this.currentDue(c), this.today())
      );
    return c.version === n.version && isOpen(c.status);
  }

  private async staffNoticeText(c: ConsultationDoc, n: StaffNotice) {
    const id = String(c._id);
    const followup = c.status === 'followup' && !!c.followUp;
    const text = scrubPersonalDetails(followup ? c.followUp!.question : c.question, [c.askerName])
      .replace(/\s+/g, ' ')
      .trim();
    const excerpt = `【${c.topic}】${text.length > 24 ? `${text.slice(0, 24)}…` : text}`;
    const due = monthDay(this.currentDue(c));
    switch (n.event) {
      case 'new':
        return {
          key: `consultation.new:${id}`,
          title: '新的政策咨询待答复',
          body: `${excerpt}（承诺 ${due} 前答复）`,
        };
      case 'followup':
        return {
          key: `consultation.followup:${id}`,
          title: '咨询追问待答复',
          body: `${excerpt}（承诺 ${due} 前答复）`,
        };
      case 'assigned': {
        const from = n.fromOrganId ? (await this.organNames()).get(n.fromOrganId)?.name : undefined;
        return {
          key: `consultation.assigned:${id}:v${n.version}`,
          title: '转办的政策咨询待答复',
          body: `${excerpt}（${from ? `由${from}转来，` : ''}承诺 ${due} 前答复）`,
        };
      }
      case 'overdue':
        return {
          key: `consultation.overdue:${id}:${n.phase}`,
          title: followup ? '咨询追问已超期未答复' : '政策咨询已超期未答复',
          body: `${excerpt}（承诺 ${due} 前答复，已超期，请尽快答复）`,
        };
    }
  }

  /** Active staff members (who answer) of an organ. */
  private async staffOf(organId: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.d.accounts.listUsers(SYSTEM_ACTOR, {
        role: 'staff',
        organId,
        limit: 200,
        cursor,
      });
      for (const u of page.items) if (!u.disabled) ids.push(u.id);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  }

  /**
   * Maintenance: queue one notice to the organ's staff for each question past its promised day
   * (once per phase and organ: a question re-assigned after it fell overdue tells its new organ).
   */
  async noticeOverdue(): Promise<number> {
    const today = this.today();
    const open = await this.m.Consultation.find(
      { status: { $in: ['pending', 'followup'] } },
      { status: 1, dueOn: 1, followUp: 1, organId: 1, version: 1 },
    )
      .sort({ dueOn: 1 })
      .limit(5000)
      .lean<ConsultationDoc[]>();
    let queued = 0;
    for (const c of open) {
      if (!isOverdue(c.status, this.currentDue(c), today)) continue;
      const n: StaffNotice = {
        consultationId: String(c._id),
        event: 'overdue',
        organId: String(c.organId),
        version: c.version,
        phase: c.status === 'followup' ? 'followup' : 'ask',
      };
      if (await this.d.outbox.get(this.staffNoticeKey(n))) continue;
      if (await this.queueStaffNotice(n)) queued++;
    }
    return queued;
  }

  // ---------- public ----------

  async publishedList(q: {
    topic?: ConsultationTopic;
    limit: number;
    cursor?: string;
  }): Promise<{ items: PublishedQa[]; nextCursor: string | null }> {
    const filter: Record<string, unknown> = { published: { $ne: null } };
    if (q.topic) filter.topic = q.topic;
    const skip = q.cursor ? Number(q.cursor) : 0;
    const docs = await this.m.Consultation.find(filter, { topic: 1, organId: 1, published: 1 })
      .sort({ 'published.at': -1, _id: -1 })
      .skip(skip)
      .limit(q.limit + 1)
      .lean<ConsultationDoc[]>();
    const organs = await this.organNames();
    const page = docs.slice(0, q.limit);
    return {
      items: page.map((c) => ({
        id: String(c._id),
        faqId: c.published!.faqId,
        topic: c.topic,
        question: c.published!.question,
        answer: c.published!.answer,
        organName: organs.get(String(c.organId))?.name ?? '',
        publishedAt: iso(new Date(c.published!.at)),
      })),
      nextCursor: docs.length > q.limit ? String(skip + q.limit) : null,
    };
  }

  // ---------- dashboard ----------

  /** Figures for the dashboard over questions asked from `from` to `to` (China dates, inclusive). */
  async stats(q: { organIds?: string[] | null; from?: string; to?: string }): Promise<ConsultationStats> {
    const filter: Record<string, unknown> = {};
    if (q.organIds) filter.organId = { $in: q.organIds.map((o) => new Types.ObjectId(o)) };
    if (q.from || q.to)
      filter.askedOn = { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lte: q.to } : {}) };
    const docs = await this.m.Consultation.find(filter, {
      topic: 1,
      status: 1,
      dueOn: 1,
      followUp: 1,
      answer: 1,
      rating: 1,
      askedAt: 1,
      askedOn: 1,
      organId: 1,
      question: 1,
      published: 1,
    })
      .limit(50_000)
      .lean<ConsultationDoc[]>();
    const today = this.today();
    const rowOf = (c: ConsultationDoc) => ({
      topic: c.topic,
      status: c.status,
      dueOn: this.currentDue(c),
      answerOn: c.answer?.on ?? null,
      answerWorkdays: c.answer ? c.answer.workdays : null,
      rating: c.rating,
    });
    // `dueOn` of an answered first question is the original promise.
    const onTime = (list: ConsultationDoc[]) => list.filter((c) => c.answer && c.answer.on <= c.dueOn).length;
    const figures = statsOf(docs.map(rowOf), today);
    figures.onTimeAnswered = onTime(docs);
    const overdueDocs = docs.filter((c) => isOverdue(c.status, this.currentDue(c), today));
    const overdueList = (await this.toItems(overdueDocs))
      .sort((a, b) => a.dueOn.localeCompare(b.dueOn))
      .slice(0, 100);
    const organs = await this.organNames();
    const groups = new Map<string, ConsultationDoc[]>();
    for (const c of docs) {
      const k = String(c.organId);
      groups.set(k, [...(groups.get(k) ?? []), c]);
    }
    const byOrgan = [...groups].map(([organId, list]) => {
      const f = statsOf(list.map(rowOf), today);
      return {
        organId,
        organName: organs.get(organId)?.name ?? '',
        total: f.total,
        answered: f.answered,
        onTimeAnswered: onTime(list),
        medianReplyWorkdays: f.medianReplyWorkdays,
        satisfiedShare: f.satisfaction.satisfiedShare,
        overdue: f.overdue,
      };
    });
    return { ...figures, overdueList, byOrgan };
  }

  // ---------- DTOs ----------

  private currentDue(c: ConsultationDoc): string {
    return c.status === 'followup' && c.followUp ? c.followUp.dueOn : c.dueOn;
  }

  private async toItems(docs: ConsultationDoc[]): Promise<ConsultationListItem[]> {
    const organs = await this.organNames();
    const today = this.today();
    return docs.map((c) => {
      const dueOn = this.currentDue(c);
      return {
        id: String(c._id),
        topic: c.topic,
        question: c.question.length > 80 ? `${c.question.slice(0, 80)}…` : c.question,
        organId: String(c.organId),
        organName: organs.get(String(c.organId))?.name ?? '',
        status: c.status,
        askedAt: iso(new Date(c.askedAt)),
        dueOn,
        overdue: isOverdue(c.status, dueOn, today),
        rating: c.rating,
        published: !!c.published,
      };
    });
  }

  private async toDto(user: AuthUser, c: ConsultationDoc): Promise<Consultation> {
    const organs = await this.organNames();
    const owner = String(c.userId) === user.id;
    const staffView = this.isAdmin(user) || this.worksAt(user, c.organId);
    const organName = organs.get(String(c.organId))?.name ?? '';
    const reply = (r: ReplyDoc | null) =>
      r
        ? {
            text: r.text,
            at: iso(new Date(r.at)),
            byName: staffView ? `${r.byName}（${r.organName}）` : r.organName,
            workdays: r.workdays,
          }
        : null;
    const dueOn = this.currentDue(c);
    const images = c.imageIds.length ? await this.d.files.describe(c.imageIds, user) : [];
    return {
      id: String(c._id),
      topic: c.topic,
      question: c.question,
      policy: c.policy ? { id: c.policy.id, title: c.policy.title } : null,
      session: c.session,
      images,
      organId: String(c.organId),
      organName,
      status: c.status,
      askedAt: iso(new Date(c.askedAt)),
      dueOn,
      overdue: isOverdue(c.status, dueOn, this.today()),
      answer: reply(c.answer),
      followUp: c.followUp
        ? {
            question: c.followUp.question,
            askedAt: iso(new Date(c.followUp.askedAt)),
            dueOn: c.followUp.dueOn,
            answer: reply(c.followUp.answer),
          }
        : null,
      rating: c.rating,
      ratingComment: c.ratingComment,
      consentPublish: c.consentPublish,
      published: c.published ? { faqId: c.published.faqId, at: iso(new Date(c.published.at)) } : null,
      askerName: staffView && !owner ? c.askerName : null,
      transfers: staffView
        ? c.transfers.map((t) => ({
            fromOrganName: organs.get(t.fromOrganId)?.name ?? '',
            toOrganName: organs.get(t.toOrganId)?.name ?? '',
            reason: t.reason,
            at: iso(new Date(t.at)),
          }))
        : [],
      canAnswer: isOpen(c.status) && this.canAnswer(user, c),
      canRate: owner && !!c.answer && !c.rating,
      canFollowUp: owner && c.status === 'answered' && !c.followUp,
      canPublish: this.canAnswer(user, c) && c.consentPublish && !!c.answer && !c.published,
    };
  }
}
