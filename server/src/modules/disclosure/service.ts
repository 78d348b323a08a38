import { createHmac, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
import {
  ANSWER_KINDS,
  CONTACT_KIND_LABELS,
  DISCLOSURE_STATUSES,
  DISCLOSURE_STATUS_LABELS,
  FEE_BASIS_LABELS,
  feePerPage,
  feePerRequest,
  maskIdNumber,
  REMEDY_KIND_LABELS,
  REMEDY_RESULT_LABELS,
  type AnswerKind,
  type DisclosureContact,
  type DisclosureCreate,
  type DisclosureListItem,
  type DisclosureRemedy,
  type DisclosureReport,
  type DisclosureRequest,
  type DisclosureStats,
  type DisclosureStatus,
  type FeeBasis,
  type FileMeta,
  type NotificationKind,
  type RemedyKind,
  type RemedyResult,
} from '@zwgk/types';
import type { Claims } from '../../platform/claims';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { AuthUser } from '../../platform/routing';
import type { AccountsService } from '../accounts/service';
import type { FileGrant } from '../files/service';
import type { NotifyInput } from '../notifications/service';
import { chinaDate, type WorkCalendar } from '../calendar/days';
import type { CalendarService } from '../calendar/service';
import {
  computeDeadline,
  DEFAULT_SUPPLEMENT_REPLY_WORKDAYS,
  feePause,
  feePayBy,
  receiptDate,
  supplementDueOn,
  supplementNoticeLastDay,
} from './deadline';
import { formatRequestNumber, seqClaimKey, seqClaimPrefix } from './ids';
import type { ContactDoc, DisclosureDoc, DisclosureModels, FeeDoc, RemedyDoc, TimelineDoc } from './model';
import { decryptPii, encryptPii, piiFingerprint } from './pii';
import type { AccessLog } from '../../platform/access-log';
import { replaceOrInsert } from '../../platform/db';
import { buildTable3, buildTable4, factOf, inputOfFact, type ReportFact } from './report';
import type { LetterData } from './letter';
import { similarity } from './similar';

/** What this module needs of the files service (ctx.files). */
export interface DisclosureFiles {
  attach(ids: readonly string[], grant: FileGrant): Promise<FileMeta[]>;
  describe(ids: readonly string[], user: AuthUser | null, trusted?: boolean): Promise<FileMeta[]>;
}
/** What this module needs of the message centre (ctx.notifications). */
export interface DisclosureNotifier {
  notify(input: NotifyInput): Promise<boolean>;
}

/** The citizen's request page, where every notice about a request leads. */
export const detailLink = (id: string) => `/pages/disclosure-detail/index?id=${id}`;

/** Lifetime of a signed reply-letter link. */
const LETTER_TTL_SECONDS = 3600;

/** Acts for the service itself when it asks the accounts service about staff (never for a person). */
const SYSTEM_ACTOR: AuthUser = { id: 'system', displayName: '系统', roles: ['admin'], organIds: [] };

/** Keyed hash of a phone number, digits only, so 0791-8612… and 07918612… match. */
export function phoneFingerprint(key: Buffer, phone: string): string {
  return piiFingerprint(key, `phone:${phone.replace(/\D/g, '')}`);
}

export interface DisclosureDeps {
  models: DisclosureModels;
  claims: Claims;
  calendar: CalendarService;
  accounts: AccountsService;
  now: () => Date;
  piiKey: Buffer;
  /** The key before the current one, while a rotation is under way (PII_ENCRYPTION_KEY_PREVIOUS). */
  piiKeyPrevious?: Buffer;
  /** Records each showing of an applicant's personal data to staff. */
  accessLog?: AccessLog;
  logger: Logger;
  files: DisclosureFiles;
  notifications: DisclosureNotifier;
  /** Secret for signed reply-letter links. */
  signingSecret: string;
  supplementReplyWorkdays?: number;
}

export const OPEN: DisclosureStatus[] = [
  'submitted',
  'supplement_requested',
  'processing',
  'consulting',
  'fee_pending',
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
  fee_notice: '发出信息处理费缴纳通知',
  fee_paid: '申请人已缴纳信息处理费',
  close_unpaid: '逾期未缴纳信息处理费，不再处理',
  assign: '指派经办人员',
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

  private get piiKeys(): Buffer[] {
    return this.d.piiKeyPrevious ? [this.d.piiKey, this.d.piiKeyPrevious] : [this.d.piiKey];
  }

  /**
   * Re-encrypt every stored ID number under the current key and recompute the fingerprints that
   * find repeat applicants. Records already under the current key are left alone, so it can run
   * twice and alongside the service.
   */
  async rotatePii(): Promise<{ checked: number; rotated: number }> {
    let checked = 0;
    let rotated = 0;
    let after: Types.ObjectId | null = null;
    for (;;) {
      const batch: DisclosureDoc[] = await this.Request.find(after ? { _id: { $gt: after } } : {}, {
        applicant: 1,
      })
        .sort({ _id: 1 })
        .limit(200)
        .lean<DisclosureDoc[]>();
      if (!batch.length) break;
      for (const doc of batch) {
        checked++;
        const a = doc.applicant;
        if (!a?.idEnc) continue;
        let current = true;
        let plain: string;
        try {
          plain = decryptPii(this.d.piiKey, a.idEnc);
        } catch {
          current = false;
          plain = decryptPii(this.piiKeys, a.idEnc);
        }
        const fingerprint = piiFingerprint(this.d.piiKey, plain);
        if (current && a.idFingerprint === fingerprint) continue;
        await this.Request.updateOne(
          { _id: doc._id },
          {
            $set: {
              'applicant.idEnc': current ? a.idEnc : encryptPii(this.d.piiKey, plain),
              'applicant.idFingerprint': fingerprint,
              ...(a.phone ? { 'applicant.phoneFingerprint': phoneFingerprint(this.d.piiKey, a.phone) } : {}),
            },
          },
        );
        rotated++;
      }
      after = batch[batch.length - 1]!._id;
    }
    return { checked, rotated };
  }

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
    // ID proofs: the applicant's own uploads of that purpose; the organ's staff may read them.
    const idProofFileIds = input.idProofFileIds ?? [];
    await this.d.files.attach(idProofFileIds, {
      uploaderId: user.id,
      purpose: 'disclosure-id-proof',
      organIds: [organ.id],
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
        phoneFingerprint: phoneFingerprint(this.d.piiKey, a.phone),
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
      fee: null,
      idProofFileIds,
      assigneeId: null,
      assigneeName: null,
      outcome: null,
      concludedOn: null,
      timeline: [this.entry(user, 'submit', null, 'submitted', null, true, '申请人')],
    };
    await this.Request.create(doc);
    await this.writeFact(doc);
    this.d.logger.info({ request: id.toHexString(), organ: organ.id, seq }, 'disclosure request submitted');
    return this.toDto(doc, user, await this.d.calendar.rules(), organ.name);
  }

  /** Keep the report's small copy of a request in step (one writer per request: transitions are claimed). */
  private async writeFact(
    doc: Pick<DisclosureDoc, '_id' | 'organId' | 'applicant' | 'submittedOn' | 'concludedOn' | 'outcome'>,
  ) {
    const f = factOf({
      id: doc._id.toHexString(),
      organId: doc.organId.toHexString(),
      kind: doc.applicant.kind,
      orgType: doc.applicant.orgType,
      submittedOn: doc.submittedOn,
      concludedOn: doc.concludedOn,
      outcome: doc.outcome,
    });
    await replaceOrInsert(this.d.models.Fact, f._id, f as unknown as Record<string, unknown>);
    await this.invalidateReports(f.o);
  }

  /** A new stamp for the organ: every report cached under the old one is stale. */
  private async invalidateReports(organId: string) {
    await replaceOrInsert(this.d.models.ReportStamp, organId, { stamp: new Types.ObjectId().toHexString() });
  }

  /**
   * Write the facts of requests that have none (a database from before they existed, or a crash
   * between a request's write and its fact's). Runs once per database (claim), from maintenance.
   */
  async backfillFacts(): Promise<number> {
    if (!(await this.d.claims.claim('disclosure-facts:v1', 'backfill'))) return 0;
    const have = new Set(
      (await this.d.models.Fact.find({}, { _id: 1 }).lean<{ _id: string }[]>()).map((f) => f._id),
    );
    const docs = await this.Request.find(
      {},
      { organId: 1, applicant: 1, submittedOn: 1, concludedOn: 1, outcome: 1 },
    ).lean<DisclosureDoc[]>();
    let n = 0;
    for (const d of docs)
      if (!have.has(d._id.toHexString())) {
        await this.writeFact(d);
        n++;
      }
    return n;
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
        phoneFingerprint: phoneFingerprint(this.d.piiKey, a.phone),
      },
      submittedOn,
      version: rec.timeline.length - 1,
    });
    await this.writeFact({
      _id: id,
      organId: new Types.ObjectId(rec.organId),
      applicant: { ...a, idEnc: '', idMasked: '', idFingerprint: '' },
      submittedOn,
      concludedOn: rec.concludedOn,
      outcome: rec.outcome,
    });
    return id.toHexString();
  }

  // ---------- read ----------

  async get(user: AuthUser, id: string): Promise<DisclosureRequest> {
    const doc = await this.loadReadable(user, id);
    if (!this.isOwner(user, doc)) {
      // Staff of the organ see the applicant's name, ID number, phone and address: keep a record.
      await this.d.accessLog?.record({
        actorId: user.id,
        target: `disclosure:${id}`,
        fields: this.seesFullId(user, doc)
          ? ['name', 'idNumber', 'phone', 'email', 'address']
          : ['name', 'idMasked', 'phone', 'email', 'address'],
        purpose: '办理政府信息公开申请',
      });
    }
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
  async queue(
    user: AuthUser,
    view: 'open' | 'due_soon' | 'overdue' | 'all',
    assignee?: string,
  ): Promise<DisclosureListItem[]> {
    if (!user.roles.some((r) => r === 'staff' || r === 'reviewer')) throw forbidden('仅机关工作人员可以查看');
    const filter: Record<string, unknown> = {
      organId: { $in: user.organIds.map((o) => new Types.ObjectId(o)) },
    };
    if (view !== 'all') filter.status = { $in: OPEN };
    if (assignee) filter.assigneeId = assignee === 'none' ? null : assignee === 'me' ? user.id : assignee;
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
    const r = await this.transition(user, doc, 'receive', 'processing', { receivedOn }, null, true);
    await this.tell(doc, r, 'receive', 'disclosure.progress', '申请已受理', `答复期限${r.dueOn}`);
    return r;
  }

  async requestSupplement(user: AuthUser, id: string, input: { items: string; replyWorkdays?: number }) {
    const doc = await this.loadForStaff(user, id, 'staff');
    this.expect(doc, ['processing'], '当前状态不能发出补正告知');
    if (doc.supplement) throw conflict('SUPPLEMENT_ONCE', '补正告知只能发出一次（《条例》第三十条）');
    if (doc.consultations.length || doc.extension || doc.reply || doc.fee)
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
    const r = await this.transition(
      user,
      doc,
      'request_supplement',
      'supplement_requested',
      { supplement },
      input.items,
      true,
    );
    await this.tell(
      doc,
      r,
      'request_supplement',
      'disclosure.correction',
      '申请需要补正',
      `请于${supplement.dueOn}前补正`,
    );
    return r;
  }

  async supplement(user: AuthUser, id: string, text: string, fileIds: string[] = []) {
    const doc = await this.loadForOwner(user, id);
    this.expect(doc, ['supplement_requested'], '当前无需补正');
    const today = this.today();
    if (today > doc.supplement!.dueOn)
      throw conflict('SUPPLEMENT_EXPIRED', `补正期限已于${doc.supplement!.dueOn}届满，请联系受理机关`);
    await this.d.files.attach(fileIds, {
      uploaderId: user.id,
      purpose: 'disclosure-supplement',
      organIds: [doc.organId.toHexString()],
    });
    const cal = await this.d.calendar.rules();
    // Art. 30: the reply period restarts from the receipt of the supplemented request.
    return this.transition(
      user,
      doc,
      'supplement',
      'processing',
      {
        supplement: { ...doc.supplement!, suppliedOn: today, text, fileIds: [...new Set(fileIds)] },
        receivedOn: receiptDate(cal, today),
      },
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
    const r = await this.transition(
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
    if (input.approve)
      await this.tell(
        doc,
        r,
        'approve_extension',
        'disclosure.progress',
        '答复期限已延长',
        `延长${doc.extension.days}个工作日，答复期限${r.dueOn}`,
      );
    return r;
  }

  async draftReply(
    user: AuthUser,
    id: string,
    input: { answerKind: AnswerKind; content: string; legalBasis?: string; fileIds?: string[] },
  ) {
    const doc = await this.loadForStaff(user, id, 'staff');
    this.expect(doc, ['processing'], '当前状态不能拟定答复（征求意见中请先结束征求意见）');
    if (doc.extension?.status === 'pending')
      throw conflict('EXTENSION_PENDING', '延期申请待审批，请审批后再提交答复');
    const fileIds = [...new Set(input.fileIds ?? [])];
    if (fileIds.length && !['disclose', 'partial'].includes(input.answerKind))
      throw unprocessable('REPLY_FILES_NOT_ALLOWED', '只有予以公开或部分公开的答复可以附公开的政府信息文件');
    // Staff of the organ may read them now; the applicant once the reply is issued.
    await this.d.files.attach(fileIds, {
      uploaderId: user.id,
      purpose: 'disclosure-reply',
      organIds: [doc.organId.toHexString()],
    });
    const reply = {
      fileIds,
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
      await this.d.files.attach(doc.reply!.fileIds ?? [], {
        userIds: [doc.applicantUserId.toHexString()],
      });
      const r = await this.transition(
        user,
        doc,
        'approve_reply',
        'replied',
        { reply, outcome: doc.reply!.answerKind, concludedOn: today },
        `答复类型：${ANSWER_KINDS[doc.reply!.answerKind].label}`,
        true,
      );
      await this.tell(
        doc,
        r,
        'approve_reply',
        'disclosure.replied',
        '申请已答复',
        `${ANSWER_KINDS[doc.reply!.answerKind].label}，可查看和下载答复书`,
      );
      return r;
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

  // ---------- fees (《政府信息公开信息处理费管理办法》) ----------

  /** How many requests this applicant (same ID number) submitted in the natural month, up to this one. */
  private async monthOrdinal(doc: DisclosureDoc): Promise<number> {
    const month = doc.submittedOn.slice(0, 7);
    return this.Request.countDocuments({
      'applicant.idFingerprint': doc.applicant.idFingerprint,
      submittedOn: { $gte: `${month}-01`, $lte: `${month}-31` },
      submittedAt: { $lte: doc.submittedAt },
    });
  }

  async feeNotice(user: AuthUser, id: string, input: { basis: FeeBasis; pages?: number }) {
    const doc = await this.loadForStaff(user, id, 'staff');
    this.expect(doc, ['processing'], '当前状态不能发出收费通知');
    if (doc.fee) throw conflict('FEE_ONCE', '信息处理费缴纳通知只能发出一次');
    const ordinal = input.basis === 'per_request' ? await this.monthOrdinal(doc) : null;
    const quote = input.basis === 'per_request' ? feePerRequest(ordinal!) : feePerPage(input.pages!);
    if (quote.amount === 0)
      throw conflict(
        'FEE_NOT_DUE',
        input.basis === 'per_request'
          ? `该申请人本月第${ordinal}件申请，未超过10件，依法不收费`
          : `共${input.pages}页，未超过30页，依法不收费`,
      );
    const cal = await this.d.calendar.rules();
    const today = this.today();
    const fee: FeeDoc = {
      basis: input.basis,
      pages: input.basis === 'per_page' ? input.pages! : null,
      monthOrdinal: ordinal,
      amount: quote.amount,
      lines: quote.lines,
      noticeOn: today,
      payBy: feePayBy(cal, today),
      paidOn: null,
      status: 'unpaid',
      endedOn: null,
    };
    const r = await this.transition(
      user,
      doc,
      'fee_notice',
      'fee_pending',
      { fee },
      `${FEE_BASIS_LABELS[input.basis]}，应缴${quote.amount}元，请于${fee.payBy}前缴纳；缴费期间不计入答复期限`,
      true,
    );
    await this.tell(
      doc,
      r,
      'fee_notice',
      'disclosure.progress',
      '信息处理费缴纳通知',
      `应缴${quote.amount}元，${fee.payBy}前缴纳`,
    );
    return r;
  }

  async feePaid(user: AuthUser, id: string, input: { paidOn?: string }) {
    const doc = await this.loadForStaff(user, id, 'staff');
    this.expect(doc, ['fee_pending'], '当前没有待缴纳的信息处理费');
    const fee = doc.fee!;
    const today = this.today();
    const paidOn = input.paidOn ?? today;
    if (paidOn < fee.noticeOn || paidOn > today)
      throw unprocessable('PAID_ON_INVALID', `缴费日期应在${fee.noticeOn}至${today}之间`);
    if (paidOn > fee.payBy) throw conflict('FEE_EXPIRED', `缴费期限已于${fee.payBy}届满，不能再登记缴费`);
    return this.transition(
      user,
      doc,
      'fee_paid',
      'processing',
      { fee: { ...fee, paidOn, status: 'paid' } },
      `已缴纳${fee.amount}元（${paidOn}），恢复计算答复期限`,
      true,
    );
  }

  /** Decision: staff close it (payment is recorded by staff, so only they know it never came). */
  async closeUnpaid(user: AuthUser, id: string) {
    const doc = await this.loadForStaff(user, id, 'staff');
    this.expect(doc, ['fee_pending'], '该申请不在待缴费状态');
    const today = this.today();
    if (today <= doc.fee!.payBy) throw conflict('FEE_NOT_EXPIRED', `缴费期限（${doc.fee!.payBy}）尚未届满`);
    return this.transition(
      user,
      doc,
      'close_unpaid',
      'closed',
      { fee: { ...doc.fee!, status: 'lapsed', endedOn: today }, outcome: 'other_2', concludedOn: today },
      '申请人逾期未按收费通知要求缴纳费用，不再处理该申请',
      true,
    );
  }

  // ---------- staff queue: assignment, contact log ----------

  /** Staff members of the user's organs (or of one of them), for assignment. */
  async staffOf(user: AuthUser, organId?: string): Promise<{ id: string; name: string }[]> {
    if (!user.roles.some((r) => r === 'staff' || r === 'reviewer')) throw forbidden('仅机关工作人员可以查看');
    const organs = organId ? [organId] : user.organIds;
    if (organId && !user.organIds.includes(organId)) throw forbidden('只能查看本机关的工作人员');
    const out = new Map<string, string>();
    for (const o of organs) {
      const page = await this.d.accounts.listUsers(SYSTEM_ACTOR, { role: 'staff', organId: o, limit: 200 });
      for (const u of page.items) if (!u.disabled) out.set(u.id, u.displayName);
    }
    return [...out].map(([id, name]) => ({ id, name }));
  }

  async assign(user: AuthUser, id: string, assigneeId: string | null) {
    const doc = await this.loadForStaff(user, id, 'staff');
    this.expect(doc, OPEN, '已办结的申请不能指派');
    let name: string | null = null;
    if (assigneeId) {
      const staff = await this.staffOf(user, doc.organId.toHexString());
      const found = staff.find((s) => s.id === assigneeId);
      if (!found) throw unprocessable('ASSIGNEE_INVALID', '只能指派给本机关的经办人员');
      name = found.name;
    }
    return this.transition(
      user,
      doc,
      'assign',
      doc.status,
      { assigneeId, assigneeName: name },
      name ? `指派给${name}` : '取消指派',
      false,
    );
  }

  async addContact(
    user: AuthUser,
    id: string,
    input: { kind: ContactDoc['kind']; at?: string; summary: string },
  ): Promise<DisclosureContact> {
    const doc = await this.load(id);
    if (!this.isOrganStaff(user, doc)) await this.loadForStaff(user, id, 'staff');
    const now = this.d.now();
    const at = input.at ? new Date(input.at) : now;
    if (at.getTime() > now.getTime() + 5 * 60_000)
      throw unprocessable('CONTACT_AT_INVALID', '沟通时间不能晚于现在');
    const c: ContactDoc = {
      _id: new Types.ObjectId(),
      requestId: doc._id,
      organId: doc.organId,
      kind: input.kind,
      at,
      summary: input.summary,
      byId: user.id,
      byName: user.displayName,
      createdAt: now,
    };
    await this.d.models.Contact.create(c);
    return contactDto(c);
  }

  // ---------- 行政复议 / 行政诉讼 (table 四) ----------

  async addRemedy(
    user: AuthUser,
    id: string,
    input: {
      kind: RemedyKind;
      filedOn: string;
      body: string;
      caseNumber?: string;
      result: RemedyResult;
      decidedOn?: string;
      note?: string;
    },
  ): Promise<DisclosureRemedy> {
    const doc = await this.load(id);
    if (!this.isOrganStaff(user, doc)) await this.loadForStaff(user, id, 'staff');
    const today = this.today();
    if (input.filedOn < doc.submittedOn || input.filedOn > today)
      throw unprocessable('REMEDY_DATE_INVALID', `立案日期应在${doc.submittedOn}至${today}之间`);
    if (input.decidedOn && input.decidedOn > today)
      throw unprocessable('REMEDY_DATE_INVALID', '审结日期不能晚于今天');
    const now = this.d.now();
    const r: RemedyDoc = {
      _id: new Types.ObjectId(),
      requestId: doc._id,
      organId: doc.organId,
      kind: input.kind,
      filedOn: input.filedOn,
      body: input.body,
      caseNumber: input.caseNumber || null,
      result: input.result,
      decidedOn: input.decidedOn ?? null,
      note: input.note || null,
      recordedById: user.id,
      recordedBy: user.displayName,
      createdAt: now,
      updatedAt: now,
    };
    await this.d.models.Remedy.create(r);
    await this.invalidateReports(r.organId.toHexString());
    return remedyDto(r);
  }

  async updateRemedy(
    user: AuthUser,
    remedyId: string,
    input: { result: RemedyResult; decidedOn?: string; note?: string },
  ): Promise<DisclosureRemedy> {
    const r = Types.ObjectId.isValid(remedyId)
      ? await this.d.models.Remedy.findById(remedyId).lean<RemedyDoc>()
      : null;
    if (!r) throw notFound('复议或诉讼记录不存在');
    if (!this.isOrganStaff(user, r)) throw forbidden('该记录不属于您所在机关');
    const today = this.today();
    if (input.decidedOn && (input.decidedOn > today || input.decidedOn < r.filedOn))
      throw unprocessable('REMEDY_DATE_INVALID', `审结日期应在${r.filedOn}至${today}之间`);
    const set = {
      result: input.result,
      decidedOn: input.decidedOn ?? null,
      note: input.note === undefined ? r.note : input.note || null,
      recordedById: user.id,
      recordedBy: user.displayName,
      updatedAt: this.d.now(),
    };
    await this.d.models.Remedy.updateOne({ _id: r._id }, { $set: set });
    await this.invalidateReports(r.organId.toHexString());
    return remedyDto({ ...r, ...set });
  }

  // ---------- notices ----------

  /** A notice to the applicant after a transition; once per request version. Never fails the action. */
  private async tell(
    doc: DisclosureDoc,
    r: DisclosureRequest,
    action: string,
    kind: NotificationKind,
    title: string,
    body: string,
  ) {
    try {
      await this.d.notifications.notify({
        key: `disclosure.${action}:${r.id}:v${doc.version + 1}`,
        userId: doc.applicantUserId.toHexString(),
        kind,
        title,
        body: `${r.number}：${body}`,
        link: detailLink(r.id),
      });
    } catch (e) {
      this.d.logger.warn({ request: r.id, action, err: (e as Error).message }, 'disclosure notice failed');
    }
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
    if ('concludedOn' in set || 'outcome' in set) await this.writeFact(updated);
    return this.toDto(updated, user, await this.d.calendar.rules());
  }

  // ---------- report ----------

  async report(user: AuthUser, year: number, organId: string): Promise<DisclosureReport> {
    const allowed =
      user.roles.includes('admin') ||
      (user.organIds.includes(organId) && user.roles.some((r) => r === 'staff' || r === 'reviewer'));
    if (!allowed) throw forbidden('只能查看本机关的年度报表');
    const organ = await this.d.accounts.getOrgan(organId);
    // Cached under the organ's current stamp (read first, so a change during the scan makes the
    // stored copy stale at once).
    const stamp = (await this.d.models.ReportStamp.findById(organId).lean())?.stamp ?? 'initial';
    const key = `${organId}:${year}`;
    const cached = await this.d.models.ReportCache.findById(key).lean();
    if (cached && cached.stamp === stamp)
      return { ...(cached.report as DisclosureReport), organ: { id: organ.id, name: organ.name } };
    // One pass over the small fact documents of the organ (see ReportFact).
    const facts = await this.d.models.Fact.find(
      {
        o: organId,
        s: { $lte: `${year}-12-31` },
        $or: [{ e: null }, { e: { $gte: `${year - 1}-12-31` } }],
      },
      { _id: 0, c: 1, s: 1, e: 1, k: 1 },
    ).lean<Pick<ReportFact, 'c' | 's' | 'e' | 'k'>[]>();
    const table = buildTable3(year, facts.map(inputOfFact));
    const remedies = await this.d.models.Remedy.find(
      { organId: new Types.ObjectId(organId), filedOn: { $lte: `${year}-12-31` } },
      { kind: 1, filedOn: 1, result: 1, decidedOn: 1 },
    ).lean<Pick<RemedyDoc, 'kind' | 'filedOn' | 'result' | 'decidedOn'>[]>();
    const report: DisclosureReport = {
      year,
      organ: { id: organ.id, name: organ.name },
      columns: table.columns,
      rows: table.rows,
      table4: buildTable4(year, remedies),
      check: table.check,
    };
    await replaceOrInsert(this.d.models.ReportCache, key, { stamp, report, at: this.d.now() });
    return report;
  }

  // ---------- dashboard statistics ----------

  /**
   * Requests submitted between `from` and `to` (YYYY-MM-DD, China dates, inclusive) of the given
   * organs (null = all): counts by status, replies on time, and those open now and past due.
   * No access check here: the dashboard's routes decide who may see which organs.
   */
  async stats(q: { organIds: string[] | null; from: string; to: string }): Promise<DisclosureStats> {
    const filter: Record<string, unknown> = { submittedOn: { $gte: q.from, $lte: q.to } };
    if (q.organIds) {
      const ids = q.organIds.filter((o) => Types.ObjectId.isValid(o));
      filter.organId = { $in: ids.map((o) => new Types.ObjectId(o)) };
    }
    const docs = await this.Request.find(filter, {
      number: 1,
      organId: 1,
      status: 1,
      receivedOn: 1,
      submittedOn: 1,
      consultations: 1,
      extension: 1,
      fee: 1,
      'reply.repliedOn': 1,
      concludedOn: 1,
    }).lean<DisclosureDoc[]>();
    const cal = await this.d.calendar.rules();
    const names = await this.organNames(docs.map((d) => d.organId));
    const byStatus = new Map<string, number>();
    const organs = new Map<string, DisclosureStats['byOrgan'][number]>();
    const overdue: DisclosureStats['overdue'] = [];
    let replied = 0;
    let onTime = 0;
    for (const d of docs) {
      byStatus.set(d.status, (byStatus.get(d.status) ?? 0) + 1);
      const organId = d.organId.toHexString();
      let o = organs.get(organId);
      if (!o) {
        o = {
          organId,
          organName: names.get(organId)!,
          total: 0,
          replied: 0,
          repliedOnTime: 0,
          onTimeRate: null,
          overdue: 0,
        };
        organs.set(organId, o);
      }
      o.total++;
      const repliedOn = d.reply?.repliedOn ?? null;
      if (repliedOn) {
        replied++;
        o.replied++;
        const dl = this.deadlineOf({ ...d, timeline: [] } as DisclosureDoc, cal);
        if (dl.dueOn && repliedOn <= dl.dueOn) {
          onTime++;
          o.repliedOnTime++;
        }
      } else if (OPEN.includes(d.status)) {
        const dl = this.deadlineOf({ ...d, timeline: [] } as DisclosureDoc, cal);
        if (dl.overdue && dl.dueOn) {
          o.overdue++;
          overdue.push({
            id: d._id.toHexString(),
            number: d.number,
            organName: o.organName,
            dueOn: dl.dueOn,
            status: d.status,
          });
        }
      }
    }
    const rate = (n: number, of: number) => (of ? Math.round((n / of) * 10000) / 10000 : null);
    for (const o of organs.values()) o.onTimeRate = rate(o.repliedOnTime, o.replied);
    return {
      total: docs.length,
      byStatus: DISCLOSURE_STATUSES.map((st) => ({
        status: st,
        label: DISCLOSURE_STATUS_LABELS[st],
        count: byStatus.get(st) ?? 0,
      })),
      replied,
      repliedOnTime: onTime,
      onTimeRate: rate(onTime, replied),
      overdue: overdue.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.number.localeCompare(b.number)),
      byOrgan: [...organs.values()].sort(
        (a, b) => b.total - a.total || a.organName.localeCompare(b.organName),
      ),
    };
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
      pauses: [
        ...doc.consultations.map((c) => ({ startedOn: c.startedOn, endedOn: c.endedOn })),
        ...(doc.fee ? [feePause(doc.fee)] : []),
      ],
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

  private async contactsOf(doc: DisclosureDoc): Promise<DisclosureContact[]> {
    const docs = await this.d.models.Contact.find({ requestId: doc._id })
      .sort({ at: -1 })
      .limit(200)
      .lean<ContactDoc[]>();
    return docs.map(contactDto);
  }

  private async remediesOf(doc: DisclosureDoc): Promise<DisclosureRemedy[]> {
    const docs = await this.d.models.Remedy.find({ requestId: doc._id })
      .sort({ filedOn: 1 })
      .limit(50)
      .lean<RemedyDoc[]>();
    return docs.map(remedyDto);
  }

  /**
   * 重复申请 hint: the same applicant (same ID-number hash or phone hash, never plaintext) asked the
   * same organ something alike within the 12 months before this request.
   */
  private async duplicatesOf(doc: DisclosureDoc): Promise<DisclosureRequest['duplicates']> {
    const who: Record<string, unknown>[] = [{ 'applicant.idFingerprint': doc.applicant.idFingerprint }];
    if (doc.applicant.phoneFingerprint)
      who.push({ 'applicant.phoneFingerprint': doc.applicant.phoneFingerprint });
    const since = `${Number(doc.submittedOn.slice(0, 4)) - 1}${doc.submittedOn.slice(4)}`;
    const docs = await this.Request.find(
      {
        organId: doc.organId,
        submittedOn: { $gte: since, $lte: doc.submittedOn },
        $or: who,
      },
      { number: 1, info: 1, submittedOn: 1, submittedAt: 1, status: 1, outcome: 1 },
    )
      .limit(100)
      .lean<DisclosureDoc[]>();
    return docs
      .filter((d) => !d._id.equals(doc._id) && d.submittedAt.getTime() < doc.submittedAt.getTime())
      .map((d) => ({ d, sim: similarity(doc.info, d.info) }))
      .filter((x) => x.sim.similar)
      .sort((a, b) => b.sim.score - a.sim.score || b.d.submittedOn.localeCompare(a.d.submittedOn))
      .slice(0, 5)
      .map(({ d, sim }) => ({
        id: d._id.toHexString(),
        number: d.number,
        title: d.info.title,
        submittedOn: d.submittedOn,
        status: d.status,
        outcome: d.outcome,
        score: sim.score,
      }));
  }

  // ---------- reply letter ----------

  /** Staff of the organ may preview a draft; the applicant gets the letter once it is issued. */
  letterAvailable(doc: DisclosureDoc, user: AuthUser | null): boolean {
    if (!doc.reply) return false;
    if (user && this.isOrganStaff(user, doc)) return true;
    return doc.reply.review === 'approved';
  }

  private signLetter(id: string, exp: number) {
    return createHmac('sha256', this.d.signingSecret).update(`letter:${id}:${exp}`).digest('base64url');
  }

  letterUrls(id: string) {
    const exp = Math.ceil(this.d.now().getTime() / 3600_000) * 3600 + LETTER_TTL_SECONDS;
    const q = `exp=${exp}&sig=${this.signLetter(id, exp)}`;
    const base = `/api/v1/disclosure/requests/${id}/reply-letter`;
    return { htmlUrl: `${base}.html?${q}`, pdfUrl: `${base}.pdf?${q}` };
  }

  private validLetterSignature(id: string, q: { exp?: string; sig?: string }) {
    if (!q.exp || !q.sig || !/^\d{1,12}$/.test(q.exp)) return false;
    const exp = Number(q.exp);
    if (exp * 1000 < this.d.now().getTime()) return false;
    const want = Buffer.from(this.signLetter(id, exp));
    const got = Buffer.from(q.sig);
    return want.length === got.length && timingSafeEqual(want, got);
  }

  /**
   * What the reply letter says. Allowed by a valid signed link (issued replies only) or by the
   * user's own access: the applicant (issued only) and the organ's staff (drafts too).
   */
  async letterData(
    user: AuthUser | null,
    id: string,
    sig: { exp?: string; sig?: string },
  ): Promise<LetterData> {
    const doc = await this.load(id);
    const signed = this.validLetterSignature(id, sig);
    if (!signed) {
      if (!user) throw notFound('答复书不存在或链接已过期');
      await this.loadReadable(user, id);
    }
    // A signed link is only handed out to those who may see the letter (staff get one for drafts).
    const mayPreview = signed || (user !== null && this.isOrganStaff(user, doc));
    if (!doc.reply || (!mayPreview && doc.reply.review !== 'approved'))
      throw notFound('该申请尚未出具答复书');
    const organ = await this.d.accounts.getOrgan(doc.organId.toHexString());
    const files = await this.d.files.describe(doc.reply.fileIds ?? [], null, true);
    return {
      organName: organ.name,
      number: doc.number,
      applicantName: doc.applicant.name,
      submittedOn: doc.submittedOn,
      receivedOn: doc.receivedOn,
      supplementedOn: doc.supplement?.suppliedOn ?? null,
      extension:
        doc.extension?.status === 'approved'
          ? { days: doc.extension.days, reason: doc.extension.reason }
          : null,
      title: doc.info.title,
      documentNumber: doc.info.documentNumber,
      answerKind: doc.reply.answerKind,
      content: doc.reply.content,
      legalBasis: doc.reply.legalBasis,
      repliedOn: doc.reply.repliedOn,
      draft: doc.reply.review !== 'approved',
      files: files.map((f) => f.name),
    };
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
      assignee: doc.assigneeId ? { id: doc.assigneeId, name: doc.assigneeName ?? '' } : null,
      feeExpired: doc.status === 'fee_pending' && !!doc.fee && this.today() > doc.fee.payBy,
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
    const id = doc._id.toHexString();
    const files = (ids: string[] | undefined) => (ids?.length ? this.d.files.describe(ids, user) : []);
    const replyVisible = !!doc.reply && (staff || doc.reply.review === 'approved');
    const [idProofs, supplementFiles, replyFiles, contacts, remedies, duplicates] = await Promise.all([
      files(doc.idProofFileIds),
      files(doc.supplement?.fileIds),
      replyVisible ? files(doc.reply!.fileIds) : [],
      staff ? this.contactsOf(doc) : [],
      staff ? this.remediesOf(doc) : [],
      staff ? this.duplicatesOf(doc) : [],
    ]);
    return {
      id,
      number: doc.number,
      organ: { id: doc.organId.toHexString(), name },
      applicant: {
        kind: a.kind,
        orgType: a.orgType,
        name: a.name,
        idType: a.idType,
        idNumber: full ? decryptPii(this.piiKeys, a.idEnc) : a.idMasked,
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
      supplement: doc.supplement
        ? {
            requestedOn: doc.supplement.requestedOn,
            items: doc.supplement.items,
            dueOn: doc.supplement.dueOn,
            suppliedOn: doc.supplement.suppliedOn,
            text: doc.supplement.text,
            files: supplementFiles,
          }
        : null,
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
        doc.reply && replyVisible
          ? {
              answerKind: doc.reply.answerKind,
              answerLabel: ANSWER_KINDS[doc.reply.answerKind].label,
              content: doc.reply.content,
              legalBasis: doc.reply.legalBasis,
              draftedOn: doc.reply.draftedOn,
              review: doc.reply.review,
              reviewNote: staff ? doc.reply.reviewNote : null,
              repliedOn: doc.reply.repliedOn,
              files: replyFiles,
            }
          : null,
      fee: doc.fee
        ? {
            basis: doc.fee.basis,
            basisLabel: FEE_BASIS_LABELS[doc.fee.basis],
            pages: doc.fee.pages,
            monthOrdinal: doc.fee.monthOrdinal,
            amount: doc.fee.amount,
            lines: doc.fee.lines,
            noticeOn: doc.fee.noticeOn,
            payBy: doc.fee.payBy,
            paidOn: doc.fee.paidOn,
            status: doc.fee.status,
          }
        : null,
      idProofs,
      replyLetter: this.letterAvailable(doc, user) ? this.letterUrls(id) : null,
      assignee: staff && doc.assigneeId ? { id: doc.assigneeId, name: doc.assigneeName ?? '' } : null,
      contacts,
      remedies,
      duplicates,
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

function contactDto(c: ContactDoc): DisclosureContact {
  return {
    id: c._id.toHexString(),
    kind: c.kind,
    kindLabel: CONTACT_KIND_LABELS[c.kind],
    at: new Date(c.at).toISOString(),
    summary: c.summary,
    by: c.byName,
    createdAt: new Date(c.createdAt).toISOString(),
  };
}

function remedyDto(r: RemedyDoc): DisclosureRemedy {
  return {
    id: r._id.toHexString(),
    requestId: r.requestId.toHexString(),
    kind: r.kind,
    kindLabel: REMEDY_KIND_LABELS[r.kind],
    filedOn: r.filedOn,
    body: r.body,
    caseNumber: r.caseNumber,
    result: r.result,
    resultLabel: REMEDY_RESULT_LABELS[r.result],
    decidedOn: r.decidedOn,
    note: r.note,
    recordedBy: r.recordedBy,
  };
}
