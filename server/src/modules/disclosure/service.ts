import { Types } from 'mongoose';
import {
  ANSWER_KINDS,
  DISCLOSURE_STATUS_LABELS,
  maskIdNumber,
  type AnswerKind,
  type DisclosureCreate,
  type DisclosureListItem,
  type DisclosureReport,
  type DisclosureRequest,
  type DisclosureStatus,
} from '@zwgk/types';
import type { Claims } from '../../platform/claims';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { AuthUser } from '../../platform/routing';
import type { AccountsService } from '../accounts/service';
import { chinaDate, type WorkCalendar } from '../calendar/days';
import type { CalendarService } from '../calendar/service';
import {
  computeDeadline,
  DEFAULT_SUPPLEMENT_REPLY_WORKDAYS,
  receiptDate,
  supplementDueOn,
  supplementNoticeLastDay,
} from './deadline';
import { formatRequestNumber, seqClaimKey, seqClaimPrefix } from './ids';
import type { DisclosureDoc, DisclosureModels, TimelineDoc } from './model';
import { decryptPii, encryptPii, piiFingerprint } from './pii';
import { buildTable3 } from './report';

export interface DisclosureDeps {
  models: DisclosureModels;
  claims: Claims;
  calendar: CalendarService;
  accounts: AccountsService;
  now: () => Date;
  piiKey: Buffer;
  logger: Logger;
  supplementReplyWorkdays?: number;
}

const OPEN: DisclosureStatus[] = [
  'submitted',
  'supplement_requested',
  'processing',
  'consulting',
  'in_review',
];

const ACTION_LABELS: Record<string, string> = {
  submit: '提交申请',
  receive: '登记受理',
  request_supplement: '发出补正告知',
  supplement: '申请人补正',
  close_unsupplemented: '逾期未补正，不再处理',
  start_consultation: '征求第三方或有关机关意见',
  end_consultation: '征求意见结束',
  request_extension: '申请延期答复',
  approve_extension: '延期答复已批准',
  reject_extension: '延期申请未获批准',
  draft_reply: '拟定答复',
  approve_reply: '合法性审查通过，已答复',
  return_reply: '合法性审查退回修改',
  close: '办结归档',
  withdraw: '申请人撤回申请',
};

type Role = 'staff' | 'reviewer';

export type ImportRecord = Omit<
  DisclosureDoc,
  '_id' | 'number' | 'year' | 'seq' | 'organId' | 'applicantUserId' | 'applicant' | 'submittedOn' | 'version'
> & {
  organId: string;
  applicantUserId: string;
  applicant: Omit<DisclosureDoc['applicant'], 'idEnc' | 'idMasked' | 'idFingerprint'> & { idNumber: string };
};

export class DisclosureService {
  constructor(private readonly d: DisclosureDeps) {}

  private get Request() {
    return this.d.models.Request;
  }

  private today() {
    return chinaDate(this.d.now());
  }

  // ---------- access ----------

  private isOrganStaff(user: AuthUser, doc: Pick<DisclosureDoc, 'organId'>, role?: Role) {
    const roles: Role[] = role ? [role] : ['staff', 'reviewer'];
    return (
      user.roles.some((r) => roles.includes(r as Role)) && user.organIds.includes(doc.organId.toHexString())
    );
  }

  private isOwner(user: AuthUser, doc: Pick<DisclosureDoc, 'applicantUserId'>) {
    return doc.applicantUserId.toHexString() === user.id;
  }

  private async load(id: string): Promise<DisclosureDoc> {
    if (!Types.ObjectId.isValid(id)) throw notFound('申请不存在');
    const doc = await this.Request.findById(id).lean<DisclosureDoc>();
    if (!doc) throw notFound('申请不存在');
    return doc;
  }

  /** Readable by its applicant and the organ's staff; staff of other organs 403, anyone else 404. */
  private async loadReadable(user: AuthUser, id: string) {
    const doc = await this.load(id);
    if (this.isOwner(user, doc) || this.isOrganStaff(user, doc)) return doc;
    if (user.roles.some((r) => r === 'staff' || r === 'reviewer')) throw forbidden('该申请不属于您所在机关');
    throw notFound('申请不存在');
  }

  private async loadForStaff(user: AuthUser, id: string, role: Role) {
    const doc = await this.load(id);
    if (this.isOrganStaff(user, doc, role)) return doc;
    if (this.isOwner(user, doc) || user.roles.some((r) => r === 'staff' || r === 'reviewer' || r === 'admin'))
      throw forbidden(
        role === 'reviewer' ? '仅本机关审核人员可以进行此操作' : '仅本机关经办人员可以进行此操作',
      );
    throw notFound('申请不存在');
  }

  private async loadForOwner(user: AuthUser, id: string) {
    const doc = await this.load(id);
    if (this.isOwner(user, doc)) return doc;
    if (this.isOrganStaff(user, doc)) throw forbidden('此操作只能由申请人本人进行');
    throw notFound('申请不存在');
  }

  // ---------- create ----------

  async create(user: AuthUser, input: DisclosureCreate): Promise<DisclosureRequest> {
    const organ = await this.d.accounts.getOrgan(input.organId).catch((e: unknown) => {
      if (e instanceof AppError && e.status === 404)
        throw unprocessable('ORGAN_NOT_FOUND', '所选受理机关不存在');
      throw e;
    });
    const now = this.d.now();
    const submittedOn = chinaDate(now);
    const year = Number(submittedOn.slice(0, 4));
    const id = new Types.ObjectId();
    const seq = await this.claimSeq(organ.id, year, id.toHexString());
    const a = input.applicant;
    const doc: DisclosureDoc = {
      _id: id,
      number: formatRequestNumber(year, seq),
      year,
      seq,
      organId: new Types.ObjectId(organ.id),
      applicantUserId: new Types.ObjectId(user.id),
      applicant: {
        kind: a.kind,
        orgType: a.kind === 'organization' ? (a.orgType ?? 'other') : null,
        name: a.name,
        idType: a.idType,
        idEnc: encryptPii(this.d.piiKey, a.idNumber),
        idMasked: maskIdNumber(a.idNumber),
        idFingerprint: piiFingerprint(this.d.piiKey, a.idNumber),
        legalRepresentative: a.kind === 'organization' ? (a.legalRepresentative ?? null) : null,
        contactName: a.kind === 'organization' ? (a.contactName ?? null) : null,
        phone: a.phone,
        email: a.email ?? null,
        address: a.address ?? null,
      },
      info: {
        title: input.info.title,
        documentNumber: input.info.documentNumber || null,
        description: input.info.description,
      },
      delivery: input.delivery,
      status: 'submitted',
      version: 0,
      submittedAt: now,
      submittedOn,
      receivedOn: null,
      supplement: null,
      consultations: [],
      extension: null,
      reply: null,
      outcome: null,
      concludedOn: null,
      timeline: [this.entry(user, 'submit', null, 'submitted', null, true, '申请人')],
    };
    await this.Request.create(doc);
    this.d.logger.info({ request: id.toHexString(), organ: organ.id, seq }, 'disclosure request submitted');
    return this.toDto(doc, user, await this.d.calendar.rules(), organ.name);
  }

  /** The next number of the organ's year: claims `seq:<organ>:<year>:<n>`, n+1 on a clash. */
  private async claimSeq(organId: string, year: number, ref: string): Promise<number> {
    const prefix = seqClaimPrefix(organId, year);
    const taken = await this.d.claims.model.countDocuments({
      _id: { $gte: prefix, $lt: `${prefix}\uffff` },
    });
    for (let n = taken + 1, tries = 0; tries < 200; n++, tries++) {
      if (await this.d.claims.claim(seqClaimKey(organId, year, n), ref)) return n;
    }
    throw new AppError(503, 'TRY_AGAIN', '提交人数较多，请稍后重试', undefined, { 'Retry-After': '1' });
  }

  /** Remove number claims whose request never appeared (a crash between the two writes). */
  async repairClaims(): Promise<number> {
    const cutoff = new Date(this.d.now().getTime() - 10 * 60_000);
    const claims = await this.d.claims.model
      .find({ kind: 'seq', createdAt: { $lt: cutoff } })
      .limit(500)
      .lean();
    let removed = 0;
    for (const c of claims) {
      if (!Types.ObjectId.isValid(c.ref)) continue;
      if (!(await this.Request.exists({ _id: c.ref }))) {
        await this.d.claims.release(c._id);
        removed++;
      }
    }
    // A transition claim whose update never landed blocks the request: release it.
    const steps = await this.d.claims.model
      .find({ kind: 'dsr', createdAt: { $lt: cutoff } })
      .sort({ createdAt: -1 })
      .limit(500)
      .lean();
    for (const c of steps) {
      const m = /^dsr:([0-9a-f]{24}):v(\d+)$/.exec(c._id);
      if (!m) continue;
      const doc = await this.Request.findById(m[1], { version: 1 }).lean<Pick<DisclosureDoc, 'version'>>();
      if (!doc || doc.version < Number(m[2])) {
        await this.d.claims.release(c._id);
        removed++;
      }
    }
    return removed;
  }

  /**
   * Demo data only: store a request with its history as given (dates, status, timeline), numbered
   * and encrypted exactly like a live one.
   */
  async importRecord(rec: ImportRecord): Promise<string> {
    const id = new Types.ObjectId();
    const submittedOn = chinaDate(rec.submittedAt);
    const year = Number(submittedOn.slice(0, 4));
    const seq = await this.claimSeq(rec.organId, year, id.toHexString());
    const { idNumber, ...a } = rec.applicant;
    await this.Request.create({
      ...rec,
      _id: id,
      number: formatRequestNumber(year, seq),
      year,
      seq,
      organId: new Types.ObjectId(rec.organId),
      applicantUserId: new Types.ObjectId(rec.applicantUserId),
      applicant: {
        ...a,
        idEnc: encryptPii(this.d.piiKey, idNumber),
        idMasked: maskIdNumber(idNumber),
        idFingerprint: piiFingerprint(this.d.piiKey, idNumber),
      },
      submittedOn,
      version: rec.timeline.length - 1,
    });
    return id.toHexString();
  }

  // ---------- read ----------

  async get(user: AuthUser, id: string): Promise<DisclosureRequest> {
    const doc = await this.loadReadable(user, id);
    const full = this.seesFullId(user, doc);
    if (full && !this.isOwner(user, doc))
      this.d.logger.info({ request: id, viewer: user.id }, 'disclosure applicant identity viewed');
    return this.toDto(doc, user, await this.d.calendar.rules());
  }

  async mine(user: AuthUser): Promise<DisclosureListItem[]> {
    const docs = await this.Request.find({ applicantUserId: new Types.ObjectId(user.id) })
      .sort({ submittedAt: -1 })
      .limit(200)
      .lean<DisclosureDoc[]>();
    return this.toListItems(docs);
  }

  /** The organ's requests, most urgent first. */
  async queue(user: AuthUser, view: 'open' | 'due_soon' | 'overdue' | 'all'): Promise<DisclosureListItem[]> {
    if (!user.roles.some((r) => r === 'staff' || r === 'reviewer')) throw forbidden('仅机关工作人员可以查看');
    const filter: Record<string, unknown> = {
      organId: { $in: user.organIds.map((o) => new Types.ObjectId(o)) },
    };
    if (view !== 'all') filter.status = { $in: OPEN };
    const docs = await this.Request.find(filter).sort({ submittedAt: 1 }).limit(500).lean<DisclosureDoc[]>();
    let items = await this.toListItems(docs);
    if (view === 'due_soon') items = items.filter((i) => i.dueSoon);
    if (view === 'overdue') items = items.filter((i) => i.overdue);
    return items.sort(urgency);
  }

  /** Legal reviews and extension approvals waiting for a reviewer of the user's organs. */
  async reviewQueue(user: AuthUser): Promise<DisclosureListItem[]> {
    if (!user.roles.includes('reviewer')) throw forbidden('仅审核人员可以查看');
    const docs = await this.Request.find({
      organId: { $in: user.organIds.map((o) => new Types.ObjectId(o)) },
      status: { $in: OPEN },
    })
      .limit(500)
      .lean<DisclosureDoc[]>();
    const items = await this.toListItems(docs);
    return items.filter((i) => i.reviewPending || i.extensionPending).sort(urgency);
  }

  // ---------- transitions ----------

  async receive(user: AuthUser, id: string) {
    const doc = await this.loadForStaff(user, id, 'staff');
    this.expect(doc, ['submitted'], '该申请已受理');
    const cal = await this.d.calendar.rules();
    // Art. 31: online requests are received on the day staff confirm, at the latest the next working day.
    const receivedOn = receiptDate(cal, this.today());
    return this.transition(user, doc, 'receive', 'processing', { receivedOn }, null, true);
  }

  async requestSupplement(user: AuthUser, id: string, input: { items: string; replyWorkdays?: number }) {
    const doc = await this.loadForStaff(user, id, 'staff');
    this.expect(doc, ['processing'], '当前状态不能发出补正告知');
    if (doc.supplement) throw conflict('SUPPLEMENT_ONCE', '补正告知只能发出一次（《条例》第三十条）');
    if (doc.consultations.length || doc.extension || doc.reply)
      throw conflict('SUPPLEMENT_TOO_LATE', '已开始实质办理，不能再要求补正');
    const cal = await this.d.calendar.rules();
    const today = this.today();
    const last = supplementNoticeLastDay(cal, doc.receivedOn!);
    if (today > last)
      throw conflict('SUPPLEMENT_TOO_LATE', `补正告知应在收到申请之日起7个工作日内（${last}前）发出`);
    const days = input.replyWorkdays ?? this.d.supplementReplyWorkdays ?? DEFAULT_SUPPLEMENT_REPLY_WORKDAYS;
    const supplement = {
      requestedOn: today,
      items: input.items,
      dueOn: supplementDueOn(cal, today, days),
      suppliedOn: null,
      text: null,
    };
    return this.transition(
      user,
      doc,
      'request_supplement',
      'supplement_requested',
      { supplement },
      input.items,
      true,
    );
  }

  async supplement(user: AuthUser, id: string, text: string) {
    const doc = await this.loadForOwner(user, id);
    this.expect(doc, ['supplement_requested'], '当前无需补正');
    const today = this.today();
    if (today > doc.supplement!.dueOn)
      throw conflict('SUPPLEMENT_EXPIRED', `补正期限已于${doc.supplement!.dueOn}届满，请联系受理机关`);
    const cal = await this.d.calendar.rules();
    // Art. 30: the reply period restarts from the receipt of the supplemented request.
    return this.transition(
      user,
      doc,
      'supplement',
      'processing',
      { supplement: { ...doc.supplement!, suppliedOn: today, text }, receivedOn: receiptDate(cal, today) },
      null,
      true,
      '申请人',
    );
  }

  async closeUnsupplemented(user: AuthUser, id: string) {
    const doc = await this.loadForStaff(user, id, 'staff');
    this.expect(doc, ['supplement_requested'], '该申请不在待补正状态');
    if (this.today() <= doc.supplement!.dueOn)
      throw conflict('SUPPLEMENT_NOT_EXPIRED', `补正期限（${doc.supplement!.dueOn}）尚未届满`);
    return this.transition(
      user,
      doc,
      'close_unsupplemented',
      'closed',
      { outcome: 'other_1', concludedOn: this.today() },
      '申请人无正当理由逾期不补正，视为放弃申请',
      true,
    );
  }

  async startConsultation(user: AuthUser, id: string, input: { party: string; note: string }) {
    const doc = await this.loadForStaff(user, id, 'staff');
    this.expect(doc, ['processing'], '当前状态不能征求意见');
    const consultations = [
      ...doc.consultations,
      { party: input.party, note: input.note, startedOn: this.today(), endedOn: null, result: null },
    ];
    return this.transition(
      user,
      doc,
      'start_consultation',
      'consulting',
      { consultations },
      `征求${input.party}意见，征求意见期间不计入答复期限`,
      true,
    );
  }

  async endConsultation(user: AuthUser, id: string, note: string) {
    const doc = await this.loadForStaff(user, id, 'staff');
    this.expect(doc, ['consulting'], '当前没有进行中的征求意见');
    const consultations = doc.consultations.map((c) =>
      c.endedOn ? c : { ...c, endedOn: this.today(), result: note },
    );
    return this.transition(user, doc, 'end_consultation', 'processing', { consultations }, note, true);
  }

  async requestExtension(user: AuthUser, id: string, input: { days: number; reason: string }) {
    const doc = await this.loadForStaff(user, id, 'staff');
    this.expect(doc, ['processing', 'consulting'], '当前状态不能申请延期');
    if (doc.extension && doc.extension.status !== 'rejected')
      throw conflict('EXTENSION_ONCE', '延期答复只能申请一次（《条例》第三十三条）');
    const extension = {
      days: input.days,
      reason: input.reason,
      status: 'pending' as const,
      requestedOn: this.today(),
      decidedOn: null,
      decidedBy: null,
    };
    return this.transition(user, doc, 'request_extension', doc.status, { extension }, input.reason, false);
  }

  async decideExtension(user: AuthUser, id: string, input: { approve: boolean; note?: string }) {
    const doc = await this.loadForStaff(user, id, 'reviewer');
    if (!doc.extension || doc.extension.status !== 'pending')
      throw conflict('NO_PENDING_EXTENSION', '没有待审批的延期申请');
    this.expect(doc, ['processing', 'consulting'], '当前状态不能审批延期');
    const extension = {
      ...doc.extension,
      status: input.approve ? ('approved' as const) : ('rejected' as const),
      decidedOn: this.today(),
      decidedBy: user.id,
    };
    return this.transition(
      user,
      doc,
      input.approve ? 'approve_extension' : 'reject_extension',
      doc.status,
      { extension },
      input.approve
        ? `延长答复期限${doc.extension.days}个工作日：${doc.extension.reason}`
        : (input.note ?? null),
      input.approve,
    );
  }

  async draftReply(
    user: AuthUser,
    id: string,
    input: { answerKind: AnswerKind; content: string; legalBasis?: string },
  ) {
    const doc = await this.loadForStaff(user, id, 'staff');
    this.expect(doc, ['processing'], '当前状态不能拟定答复（征求意见中请先结束征求意见）');
    if (doc.extension?.status === 'pending')
      throw conflict('EXTENSION_PENDING', '延期申请待审批，请审批后再提交答复');
    const reply = {
      answerKind: input.answerKind,
      content: input.content,
      legalBasis: input.legalBasis || ANSWER_KINDS[input.answerKind].basis,
      draftedOn: this.today(),
      draftedBy: user.id,
      review: 'pending' as const,
      reviewNote: null,
      reviewedBy: null,
      repliedOn: null,
    };
    return this.transition(
      user,
      doc,
      'draft_reply',
      'in_review',
      { reply },
      ANSWER_KINDS[input.answerKind].label,
      false,
    );
  }

  async legalReview(user: AuthUser, id: string, input: { approve: boolean; note?: string }) {
    const doc = await this.loadForStaff(user, id, 'reviewer');
    this.expect(doc, ['in_review'], '当前没有待审查的答复');
    const today = this.today();
    if (input.approve) {
      const reply = {
        ...doc.reply!,
        review: 'approved' as const,
        reviewNote: input.note ?? null,
        reviewedBy: user.id,
        repliedOn: today,
      };
      return this.transition(
        user,
        doc,
        'approve_reply',
        'replied',
        { reply, outcome: doc.reply!.answerKind, concludedOn: today },
        `答复类型：${ANSWER_KINDS[doc.reply!.answerKind].label}`,
        true,
      );
    }
    const reply = {
      ...doc.reply!,
      review: 'returned' as const,
      reviewNote: input.note ?? null,
      reviewedBy: user.id,
    };
    return this.transition(user, doc, 'return_reply', 'processing', { reply }, input.note ?? null, false);
  }

  async close(user: AuthUser, id: string) {
    const doc = await this.loadForStaff(user, id, 'staff');
    this.expect(doc, ['replied'], '答复发出后才能办结');
    return this.transition(user, doc, 'close', 'closed', {}, null, true);
  }

  async withdraw(user: AuthUser, id: string, reason?: string) {
    const doc = await this.loadForOwner(user, id);
    this.expect(doc, OPEN, '已答复或已办结的申请不能撤回');
    return this.transition(
      user,
      doc,
      'withdraw',
      'withdrawn',
      { outcome: 'other_3', concludedOn: this.today() },
      reason || null,
      true,
      '申请人',
    );
  }

  private expect(doc: DisclosureDoc, allowed: DisclosureStatus[], message: string) {
    if (!allowed.includes(doc.status))
      throw conflict('INVALID_STATE', `${message}（当前：${DISCLOSURE_STATUS_LABELS[doc.status]}）`, {
        status: doc.status,
      });
  }

  private entry(
    user: AuthUser,
    action: string,
    from: DisclosureStatus | null,
    to: DisclosureStatus,
    note: string | null,
    isPublic: boolean,
    actorName?: string,
  ): TimelineDoc {
    return {
      at: this.d.now(),
      action,
      actorId: user.id,
      actorName: actorName ?? user.displayName,
      from,
      to,
      note,
      public: isPublic,
    };
  }

  /**
   * One transition: claim `dsr:<id>:v<n+1>` first, so of two concurrent actions on the same version
   * exactly one goes through (FerretDB runs conditional updates as read-then-write).
   */
  private async transition(
    user: AuthUser,
    doc: DisclosureDoc,
    action: string,
    to: DisclosureStatus,
    set: Partial<DisclosureDoc>,
    note: string | null,
    isPublic: boolean,
    actorName?: string,
  ): Promise<DisclosureRequest> {
    const next = doc.version + 1;
    const id = doc._id.toHexString();
    if (!(await this.d.claims.claim(`dsr:${id}:v${next}`, `${action}:${user.id}`)))
      throw conflict('CONCURRENT_UPDATE', '该申请刚被他人处理，请刷新后重试');
    const e = this.entry(user, action, doc.status, to, note, isPublic, actorName);
    await this.Request.updateOne(
      { _id: doc._id },
      { $set: { ...set, status: to, version: next }, $push: { timeline: e } },
    );
    const updated = {
      ...doc,
      ...set,
      status: to,
      version: next,
      timeline: [...doc.timeline, e],
    } as DisclosureDoc;
    return this.toDto(updated, user, await this.d.calendar.rules());
  }

  // ---------- report ----------

  async report(user: AuthUser, year: number, organId: string): Promise<DisclosureReport> {
    const allowed =
      user.roles.includes('admin') ||
      (user.organIds.includes(organId) && user.roles.some((r) => r === 'staff' || r === 'reviewer'));
    if (!allowed) throw forbidden('只能查看本机关的年度报表');
    const organ = await this.d.accounts.getOrgan(organId);
    const docs = await this.Request.find(
      {
        organId: new Types.ObjectId(organId),
        submittedOn: { $lte: `${year}-12-31` },
        $or: [{ concludedOn: null }, { concludedOn: { $gte: `${year - 1}-12-31` } }],
      },
      { 'applicant.kind': 1, 'applicant.orgType': 1, submittedOn: 1, concludedOn: 1, outcome: 1 },
    ).lean<Pick<DisclosureDoc, 'applicant' | 'submittedOn' | 'concludedOn' | 'outcome'>[]>();
    const table = buildTable3(
      year,
      docs.map((d) => ({
        kind: d.applicant.kind,
        orgType: d.applicant.orgType,
        submittedOn: d.submittedOn,
        concludedOn: d.concludedOn,
        outcome: d.outcome,
      })),
    );
    return { year, organ: { id: organ.id, name: organ.name }, ...table };
  }

  // ---------- views ----------

  private seesFullId(user: AuthUser, doc: DisclosureDoc) {
    return this.isOwner(user, doc) || this.isOrganStaff(user, doc);
  }

  private deadlineOf(doc: DisclosureDoc, cal: WorkCalendar) {
    const today = this.today();
    const concluded = !OPEN.includes(doc.status);
    if (!doc.receivedOn || doc.status === 'supplement_requested') {
      return {
        receivedOn: doc.receivedOn,
        dueOn: null,
        provisional: false,
        workingDaysLeft: null,
        dueSoon: false,
        overdue: false,
      };
    }
    const dl = computeDeadline(cal, {
      receivedOn: doc.receivedOn,
      extensionDays: doc.extension?.status === 'approved' ? doc.extension.days : 0,
      pauses: doc.consultations.map((c) => ({ startedOn: c.startedOn, endedOn: c.endedOn })),
      today: concluded ? (doc.concludedOn ?? today) : today,
    });
    return {
      receivedOn: dl.receivedOn,
      dueOn: dl.dueOn,
      provisional: dl.provisional,
      workingDaysLeft: concluded ? null : dl.workingDaysLeft,
      dueSoon: !concluded && dl.dueSoon,
      overdue: !concluded && dl.overdue,
    };
  }

  private async organNames(ids: Types.ObjectId[]): Promise<Map<string, string>> {
    const wanted = new Set(ids.map((i) => i.toHexString()));
    const out = new Map<string, string>();
    for (const id of wanted) {
      const o = await this.d.accounts.getOrgan(id).catch(() => null);
      out.set(id, o?.name ?? '（机关已撤销）');
    }
    return out;
  }

  private async toListItems(docs: DisclosureDoc[]): Promise<DisclosureListItem[]> {
    const cal = await this.d.calendar.rules();
    const names = await this.organNames(docs.map((d) => d.organId));
    return docs.map((doc) => ({
      id: doc._id.toHexString(),
      number: doc.number,
      organ: { id: doc.organId.toHexString(), name: names.get(doc.organId.toHexString())! },
      status: doc.status,
      submittedAt: doc.submittedAt.toISOString(),
      ...this.deadlineOf(doc, cal),
      title: doc.info.title,
      applicantName: doc.applicant.name,
      applicantIdMasked: doc.applicant.idMasked,
      extensionPending: doc.extension?.status === 'pending',
      reviewPending: doc.status === 'in_review',
    }));
  }

  private async toDto(
    doc: DisclosureDoc,
    user: AuthUser,
    cal: WorkCalendar,
    organName?: string,
  ): Promise<DisclosureRequest> {
    const staff = this.isOrganStaff(user, doc);
    const full = this.seesFullId(user, doc);
    const name = organName ?? (await this.organNames([doc.organId])).get(doc.organId.toHexString())!;
    const a = doc.applicant;
    return {
      id: doc._id.toHexString(),
      number: doc.number,
      organ: { id: doc.organId.toHexString(), name },
      applicant: {
        kind: a.kind,
        orgType: a.orgType,
        name: a.name,
        idType: a.idType,
        idNumber: full ? decryptPii(this.d.piiKey, a.idEnc) : a.idMasked,
        legalRepresentative: a.legalRepresentative,
        contactName: a.contactName,
        phone: a.phone,
        email: a.email,
        address: a.address,
      },
      info: doc.info,
      delivery: doc.delivery,
      status: doc.status,
      submittedAt: doc.submittedAt.toISOString(),
      ...this.deadlineOf(doc, cal),
      supplement: doc.supplement,
      consultations: doc.consultations.map((c) => ({
        party: c.party,
        note: c.note,
        startedOn: c.startedOn,
        endedOn: c.endedOn,
      })),
      extension: doc.extension
        ? {
            days: doc.extension.days,
            reason: doc.extension.reason,
            status: doc.extension.status,
            requestedOn: doc.extension.requestedOn,
            decidedOn: doc.extension.decidedOn,
          }
        : null,
      // The applicant sees the reply once it is issued; staff see drafts.
      reply:
        doc.reply && (staff || doc.reply.review === 'approved')
          ? {
              answerKind: doc.reply.answerKind,
              answerLabel: ANSWER_KINDS[doc.reply.answerKind].label,
              content: doc.reply.content,
              legalBasis: doc.reply.legalBasis,
              draftedOn: doc.reply.draftedOn,
              review: doc.reply.review,
              reviewNote: staff ? doc.reply.reviewNote : null,
              repliedOn: doc.reply.repliedOn,
            }
          : null,
      outcome: doc.outcome,
      concludedOn: doc.concludedOn,
      timeline: doc.timeline
        .filter((t) => staff || t.public)
        .map((t) => ({
          at: new Date(t.at).toISOString(),
          action: t.action,
          label: ACTION_LABELS[t.action] ?? t.action,
          actor: staff ? t.actorName : t.actorName === '申请人' ? '申请人' : name,
          from: t.from,
          to: t.to,
          note: t.note,
          public: t.public,
        })),
    };
  }
}

/** Overdue first (most overdue first), then fewest working days left, then oldest. */
function urgency(a: DisclosureListItem, b: DisclosureListItem): number {
  const score = (i: DisclosureListItem) => (i.workingDaysLeft === null ? 10_000 : i.workingDaysLeft);
  return score(a) - score(b) || a.submittedAt.localeCompare(b.submittedAt);
}
