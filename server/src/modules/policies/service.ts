/**
 * Policy library use cases: documents, interpretations and FAQs; the
 * publication workflow with 保密审查; public listing and Chinese search; the
 * Q&A knowledge base.
 *
 * Every change of a document or of one of its interpretations claims the next
 * revision of the document by inserting its audit entry `<policyId>:<rev>`
 * first (a duplicate `_id` fails on every engine), so two reviewers acting at
 * once cannot both win, and the audit trail is complete by construction.
 */
import {
  KINDS_NEEDING_INTERPRETATION,
  PolicyErrorCodes,
  looksLikeDocNo,
  normalizeDocNo,
  type AuditEntry,
  type Faq,
  type FaqAskResult,
  type FaqCreate,
  type FaqExport,
  type FaqUpdate,
  type Interpretation,
  type InterpretationCreate,
  type InterpretationUpdate,
  type Organ,
  type Policy,
  type PolicyCreate,
  type PolicyDetail,
  type PolicyListItem,
  type PolicyListQuery,
  type PolicyRef,
  type PolicyStatus,
  type PolicyUpdate,
  type PolicyWorkDetail,
  type Review,
  type ValidityChange,
} from '@zwgk/types';
import type { Claims } from '../../platform/claims';
import {
  AppError,
  badRequest,
  conflict,
  forbidden,
  isDuplicateKey,
  notFound,
  unprocessable,
} from '../../platform/errors';
import type { AuthUser } from '../../platform/routing';
import type { AccountsService } from '../accounts/service';
import type { AuditDoc, AuditPatch, FaqDoc, InterpretationDoc, PolicyDoc, PolicyModels } from './model';
import { Types } from './model';
import { PolicyIndex, queryTerms } from './search';
import { highlight, htmlToText, sanitizeBody, snippet } from './text';

export interface PoliciesDeps {
  models: PolicyModels;
  claims: Claims;
  accounts: AccountsService;
  now: () => Date;
}

const EDIT_ROLES = ['staff', 'reviewer', 'admin'] as const;

const ACTION_LABELS: Record<string, string> = {
  import: '历史文件导入（已发布）',
  create: '起草文件',
  edit: '修改文件',
  submit: '提交审查',
  approve: '审查通过并发布',
  return: '退回修改',
  validity: '变更有效性',
  'interp-create': '起草解读',
  'interp-edit': '修改解读',
  'interp-submit': '提交解读审查',
  'interp-approve': '解读审查通过并发布',
  'interp-return': '退回解读',
};

const VALIDITY_RANK: Record<string, number> = { 有效: 1, 已修改: 0.9, 失效: 0.6, 废止: 0.6 };

const STATUS_OF_VALIDITY: Record<string, string> = { 已修改: '已修改', 失效: '失效', 废止: '废止' };

const pad = (n: number) => String(n).padStart(6, '0');
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function encodeCursor(v: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}
function decodeCursor(s: string | undefined): Record<string, unknown> | null {
  if (!s) return null;
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (v && typeof v === 'object') return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw badRequest('INVALID_CURSOR', '分页参数无效，请从第一页重新加载');
}

function oid(id: string): Types.ObjectId {
  if (!/^[0-9a-f]{24}$/.test(id)) throw notFound('政策文件不存在');
  return new Types.ObjectId(id);
}

function needsInterpretation(p: Pick<PolicyDoc, 'kind' | 'needsInterpretation'>): boolean {
  return p.needsInterpretation || KINDS_NEEDING_INTERPRETATION.includes(p.kind);
}

/** 9-digit organ prefix of generated 索引号 (stable per organ). */
export function indexPrefix(organ: { id: string; code: string }): string {
  const known: Record<string, string> = {
    'JX-GOV': '014500854',
    'JX-GKB': '000014349',
    'JX-FGW': '014500862',
    'JX-RST': '014501046',
    'JX-JYT': '014500909',
    'JX-WJW': '014501142',
    'NC-GOV': '001190452',
    'NCX-GOV': '001190631',
  };
  return known[organ.code] ?? String(parseInt(organ.id.slice(-8), 16) % 1_000_000_000).padStart(9, '0');
}

export class PoliciesService {
  readonly index: PolicyIndex;
  private readonly m: PolicyModels;

  constructor(private readonly d: PoliciesDeps) {
    this.m = d.models;
    this.index = new PolicyIndex(d.models);
  }

  // ---------- helpers ----------

  private async organMap(): Promise<Map<string, Organ>> {
    return new Map((await this.d.accounts.listOrgans()).map((o) => [o.id, o]));
  }

  private canEdit(user: AuthUser | null, organId: Types.ObjectId | string): boolean {
    return (
      !!user &&
      user.roles.some((r) => (EDIT_ROLES as readonly string[]).includes(r)) &&
      user.organIds.includes(String(organId))
    );
  }

  private canReview(user: AuthUser | null, organId: Types.ObjectId | string): boolean {
    return !!user && user.roles.includes('reviewer') && user.organIds.includes(String(organId));
  }

  private assertEdit(user: AuthUser | null, organId: Types.ObjectId | string) {
    if (!this.canEdit(user, organId)) throw forbidden('只能编辑本机关的政策文件');
  }

  private assertReview(user: AuthUser | null, organId: Types.ObjectId | string) {
    if (!this.canReview(user, organId)) throw forbidden('只有本机关的审核人员可以进行保密审查');
  }

  /** A policy the staff user may see (their organs), else 404 / 403. */
  private async workPolicy(user: AuthUser, id: string): Promise<PolicyDoc> {
    const p = await this.m.Policy.findById(oid(id)).lean<PolicyDoc>();
    if (!p) throw notFound('政策文件不存在');
    if (!user.organIds.includes(String(p.organId))) throw forbidden('只能查看和编辑本机关的政策文件');
    return p;
  }

  private async refs(ids: (Types.ObjectId | null)[]): Promise<Map<string, PolicyRef>> {
    const list = ids.filter((x): x is Types.ObjectId => !!x);
    if (!list.length) return new Map();
    const docs = await this.m.Policy.find({ _id: { $in: list } }, { title: 1, docNo: 1 }).lean();
    return new Map(docs.map((d) => [String(d._id), { id: String(d._id), title: d.title, docNo: d.docNo }]));
  }

  private async interpCounts(ids: Types.ObjectId[], publishedOnly: boolean): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const match: Record<string, unknown> = { policyId: { $in: ids } };
    if (publishedOnly) match.status = 'published';
    const rows = (await this.m.Interpretation.aggregate([
      { $match: match },
      { $group: { _id: '$policyId', n: { $sum: 1 } } },
    ])) as { _id: Types.ObjectId; n: number }[];
    return new Map(rows.map((r) => [String(r._id), r.n]));
  }

  private async toDtos(docs: PolicyDoc[], publishedOnly: boolean): Promise<Policy[]> {
    const organs = await this.organMap();
    const refs = await this.refs(docs.flatMap((d) => [d.replacedBy, d.amendedBy]));
    const counts = await this.interpCounts(
      docs.map((d) => d._id),
      publishedOnly,
    );
    return docs.map((p) => ({
      id: String(p._id),
      indexNo: p.indexNo,
      title: p.title,
      organId: String(p.organId),
      organName: organs.get(String(p.organId))?.name ?? '',
      docNo: p.docNo,
      writtenAt: p.writtenAt,
      publishedAt: iso(p.publishedAt),
      category: p.category,
      topics: p.topics,
      kind: p.kind,
      validity: p.validity,
      replacedBy: p.replacedBy ? (refs.get(String(p.replacedBy)) ?? null) : null,
      amendedBy: p.amendedBy ? (refs.get(String(p.amendedBy)) ?? null) : null,
      needsInterpretation: p.needsInterpretation,
      status: p.status,
      returnReason: p.returnReason,
      body: p.body,
      interpretationCount: counts.get(String(p._id)) ?? 0,
      updatedAt: p.updatedAt.toISOString(),
    }));
  }

  private interpDto(i: InterpretationDoc): Interpretation {
    return {
      id: String(i._id),
      policyId: String(i.policyId),
      title: i.title,
      form: i.form,
      sections: {
        purpose: i.sections?.purpose ?? '',
        content: i.sections?.content ?? '',
        scope: i.sections?.scope ?? '',
        process: i.sections?.process ?? '',
        changes: i.sections?.changes ?? '',
        glossary: i.sections?.glossary ?? '',
      },
      imageUrl: i.imageUrl,
      videoUrl: i.videoUrl,
      status: i.status,
      returnReason: i.returnReason,
      publishedAt: iso(i.publishedAt),
      updatedAt: i.updatedAt.toISOString(),
    };
  }

  private faqDto(f: FaqDoc): Faq {
    return {
      id: String(f._id),
      policyId: f.policyId ? String(f.policyId) : null,
      organId: String(f.organId),
      question: f.question,
      answer: f.answer,
      topics: f.topics,
      updatedAt: f.updatedAt.toISOString(),
    };
  }

  /**
   * Claim revision rev+1 of the policy by inserting its audit entry, then apply
   * the patch. Loses with 409 when someone else changed the document first.
   */
  private async change(
    p: PolicyDoc,
    actor: AuthUser,
    e: {
      action: string;
      target?: 'policy' | 'interpretation';
      targetId?: Types.ObjectId;
      from: string | null;
      to: string;
      reason?: string | null;
      patch: AuditPatch;
    },
  ): Promise<void> {
    const rev = p.rev + 1;
    const at = this.d.now();
    const patch: AuditPatch = {
      ...e.patch,
      policy: { ...(e.patch.policy ?? {}), rev, updatedAt: at },
    };
    try {
      await this.m.Audit.create({
        _id: `${String(p._id)}:${pad(rev)}`,
        policyId: p._id,
        rev,
        action: e.action,
        target: e.target ?? 'policy',
        targetId: e.targetId ?? p._id,
        from: e.from,
        to: e.to,
        actorId: new Types.ObjectId(actor.id),
        actorName: actor.displayName,
        reason: e.reason ?? null,
        at,
        patch,
        applied: false,
      });
    } catch (err) {
      if (isDuplicateKey(err))
        throw conflict(PolicyErrorCodes.POLICY_CONCURRENT_CHANGE, '该文件刚刚被他人修改或处理，请刷新后重试');
      throw err;
    }
    await this.applyPatch(p._id, `${String(p._id)}:${pad(rev)}`, patch);
  }

  private async applyPatch(policyId: Types.ObjectId, auditId: string, patch: AuditPatch) {
    if (patch.insertInterpretation) {
      try {
        await this.m.Interpretation.create(patch.insertInterpretation);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    for (const i of patch.interpretations ?? []) {
      await this.m.Interpretation.updateOne({ _id: new Types.ObjectId(i.id) }, { $set: i.set });
    }
    if (patch.policy) await this.m.Policy.updateOne({ _id: policyId }, { $set: patch.policy });
    await this.m.Audit.updateOne({ _id: auditId }, { $set: { applied: true } });
  }

  /** Repair: re-apply changes whose audit entry was written but whose update never happened (crash). */
  async repair(): Promise<number> {
    const cutoff = new Date(this.d.now().getTime() - 60_000);
    const pending = await this.m.Audit.find({ applied: false, at: { $lt: cutoff } })
      .sort({ at: 1 })
      .limit(100)
      .lean<AuditDoc[]>();
    for (const a of pending) {
      await this.applyPatch(a.policyId, a._id, a.patch);
      await this.index.rebuild(a.policyId);
    }
    return pending.length;
  }

  // ---------- public reading ----------

  async list(q: PolicyListQuery): Promise<{ items: PolicyListItem[]; nextCursor: string | null }> {
    const filter: Record<string, unknown> = { status: 'published' };
    if (q.organ) filter.organId = new Types.ObjectId(q.organ);
    if (q.kind) filter.kind = q.kind;
    if (q.topic) filter.topics = q.topic;
    if (q.validity) filter.validity = q.validity;
    if (q.from || q.to) {
      const range: Record<string, Date> = {};
      if (q.from) range.$gte = new Date(`${q.from}T00:00:00+08:00`);
      if (q.to) range.$lt = new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000);
      filter.publishedAt = range;
    }
    const text = q.q?.trim() ?? '';
    const terms = text ? queryTerms(text) : [];
    const cursor = decodeCursor(q.cursor);

    if (!text) {
      if (cursor) {
        const at = new Date(String(cursor.p));
        const id = new Types.ObjectId(String(cursor.i));
        if (Number.isNaN(at.getTime()))
          throw badRequest('INVALID_CURSOR', '分页参数无效，请从第一页重新加载');
        filter.$or = [{ publishedAt: { $lt: at } }, { publishedAt: at, _id: { $lt: id } }];
      }
      const docs = await this.m.Policy.find(filter, { body: 0 })
        .sort({ publishedAt: -1, _id: -1 })
        .limit(q.limit + 1)
        .lean<PolicyDoc[]>();
      const page = docs.slice(0, q.limit);
      const last = page[page.length - 1];
      const next =
        docs.length > q.limit && last
          ? encodeCursor({ p: last.publishedAt?.toISOString(), i: String(last._id) })
          : null;
      return { items: await this.listItems(page, [], new Map()), nextCursor: next };
    }

    // Search: exact 文号 first, then the inverted index.
    const scores = await this.index.searchPolicies(terms);
    if (looksLikeDocNo(text)) {
      const exact = await this.m.Policy.find(
        { docNoNorm: normalizeDocNo(text), status: 'published' },
        { _id: 1 },
      ).lean();
      for (const e of exact) scores.set(String(e._id), 1_000_000 + (scores.get(String(e._id)) ?? 0));
    }
    if (!scores.size) return { items: [], nextCursor: null };
    filter._id = { $in: [...scores.keys()].map((s) => new Types.ObjectId(s)) };
    const matched = await this.m.Policy.find(filter, { body: 0 }).lean<PolicyDoc[]>();
    // Current documents first: a 失效 or 废止 one ranks below an equally relevant valid one.
    for (const p of matched) {
      const factor = VALIDITY_RANK[p.validity] ?? 1;
      const id = String(p._id);
      if (factor !== 1) scores.set(id, Math.round((scores.get(id) ?? 0) * factor * 1000) / 1000);
    }
    const byDate = (a: PolicyDoc, b: PolicyDoc) =>
      (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0) ||
      String(b._id).localeCompare(String(a._id));
    if (q.sort === 'date') matched.sort(byDate);
    else
      matched.sort(
        (a, b) => (scores.get(String(b._id)) ?? 0) - (scores.get(String(a._id)) ?? 0) || byDate(a, b),
      );
    const offset = cursor ? Number(cursor.o) : 0;
    if (!Number.isInteger(offset) || offset < 0)
      throw badRequest('INVALID_CURSOR', '分页参数无效，请从第一页重新加载');
    const page = matched.slice(offset, offset + q.limit);
    const next = offset + q.limit < matched.length ? encodeCursor({ o: offset + q.limit }) : null;
    const highlightTerms = looksLikeDocNo(text)
      ? [...terms, ...page.map((p) => p.docNo ?? '').filter(Boolean)]
      : terms;
    return { items: await this.listItems(page, highlightTerms, scores), nextCursor: next };
  }

  private async listItems(
    page: PolicyDoc[],
    terms: string[],
    scores: Map<string, number>,
  ): Promise<PolicyListItem[]> {
    const dtos = await this.toDtos(
      page.map((p) => ({ ...p, body: '' })),
      true,
    );
    return dtos.map((dto, i) => {
      const p = page[i]!;
      const { body: _omit, ...rest } = dto;
      void _omit;
      return {
        ...rest,
        score: scores.size ? (scores.get(String(p._id)) ?? 0) : null,
        titleHtml: highlight(p.title, terms),
        snippet: snippet([p.bodyText, p.interpText], terms),
      };
    });
  }

  async getPublic(id: string): Promise<PolicyDetail> {
    const p = await this.m.Policy.findById(oid(id)).lean<PolicyDoc>();
    if (!p || p.status !== 'published') throw notFound('政策文件不存在或尚未公开');
    const [policy] = await this.toDtos([p], true);
    const interps = await this.m.Interpretation.find({ policyId: p._id, status: 'published' })
      .sort({ publishedAt: 1, _id: 1 })
      .lean<InterpretationDoc[]>();
    const faqs = await this.m.Faq.find({ policyId: p._id }).sort({ createdAt: 1, _id: 1 }).lean<FaqDoc[]>();
    return {
      policy: policy!,
      interpretations: interps.map((i) => this.interpDto(i)),
      faqs: faqs.map((f) => this.faqDto(f)),
    };
  }

  // ---------- workbench ----------

  async listWork(
    user: AuthUser,
    q: { status?: PolicyStatus; q?: string; limit: number; cursor?: string },
  ): Promise<{ items: Policy[]; nextCursor: string | null }> {
    const organIds = user.organIds.map((o) => new Types.ObjectId(o));
    const filter: Record<string, unknown> = { organId: { $in: organIds } };
    if (q.status) filter.status = q.status;
    if (q.q) filter.title = { $regex: q.q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') };
    const cursor = decodeCursor(q.cursor);
    if (cursor) {
      const at = new Date(String(cursor.u));
      if (Number.isNaN(at.getTime()) || !/^[0-9a-f]{24}$/.test(String(cursor.i)))
        throw badRequest('INVALID_CURSOR', '分页参数无效，请从第一页重新加载');
      filter.$or = [
        { updatedAt: { $lt: at } },
        { updatedAt: at, _id: { $lt: new Types.ObjectId(String(cursor.i)) } },
      ];
    }
    const docs = await this.m.Policy.find(filter, { body: 0 })
      .sort({ updatedAt: -1, _id: -1 })
      .limit(q.limit + 1)
      .lean<PolicyDoc[]>();
    const page = docs.slice(0, q.limit);
    const last = page[page.length - 1];
    const items = await this.toDtos(
      page.map((p) => ({ ...p, body: '' })),
      false,
    );
    return {
      items,
      nextCursor:
        docs.length > q.limit && last
          ? encodeCursor({ u: last.updatedAt.toISOString(), i: String(last._id) })
          : null,
    };
  }

  async getWork(user: AuthUser, id: string): Promise<PolicyWorkDetail> {
    const p = await this.workPolicy(user, id);
    const [policy] = await this.toDtos([p], false);
    const interps = await this.m.Interpretation.find({ policyId: p._id })
      .sort({ createdAt: 1, _id: 1 })
      .lean<InterpretationDoc[]>();
    const faqs = await this.m.Faq.find({ policyId: p._id }).sort({ createdAt: 1, _id: 1 }).lean<FaqDoc[]>();
    return {
      policy: policy!,
      interpretations: interps.map((i) => this.interpDto(i)),
      faqs: faqs.map((f) => this.faqDto(f)),
      audit: await this.audit(p._id),
      canEdit: this.canEdit(user, p.organId),
      canReview: this.canReview(user, p.organId),
    };
  }

  private async audit(policyId: Types.ObjectId): Promise<AuditEntry[]> {
    const rows = await this.m.Audit.find({ policyId }).sort({ rev: 1 }).lean<AuditDoc[]>();
    return rows.map((a) => ({
      rev: a.rev,
      action: a.action,
      actionLabel: ACTION_LABELS[a.action] ?? a.action,
      target: a.target,
      targetId: String(a.targetId),
      from: a.from,
      to: a.to,
      actorId: String(a.actorId),
      actorName: a.actorName,
      reason: a.reason,
      at: a.at.toISOString(),
    }));
  }

  async create(user: AuthUser, input: PolicyCreate): Promise<PolicyWorkDetail> {
    this.assertEdit(user, input.organId);
    const now = this.d.now();
    const body = sanitizeBody(input.body);
    const bodyText = htmlToText(body);
    if (bodyText.length < 20)
      throw unprocessable('POLICY_BODY_EMPTY', '正文至少20个字', [
        { path: 'body', message: '正文至少20个字' },
      ]);
    const _id = new Types.ObjectId();
    const doc: PolicyDoc = {
      _id,
      indexNo: input.indexNo ?? null,
      title: input.title,
      organId: new Types.ObjectId(input.organId),
      docNo: input.docNo || null,
      docNoNorm: input.docNo ? normalizeDocNo(input.docNo) : null,
      writtenAt: input.writtenAt,
      publishedAt: null,
      category: input.category,
      topics: input.topics ?? [],
      kind: input.kind,
      validity: '有效',
      replacedBy: null,
      amendedBy: null,
      needsInterpretation: input.needsInterpretation ?? false,
      status: 'draft',
      returnReason: null,
      body,
      bodyText,
      interpText: '',
      createdBy: new Types.ObjectId(user.id),
      createdAt: now,
      updatedAt: now,
      rev: 1,
    };
    // The creation is revision 1 of the trail.
    await this.m.Audit.create({
      _id: `${String(_id)}:${pad(1)}`,
      policyId: _id,
      rev: 1,
      action: 'create',
      target: 'policy',
      targetId: _id,
      from: null,
      to: 'draft',
      actorId: new Types.ObjectId(user.id),
      actorName: user.displayName,
      reason: null,
      at: now,
      patch: {},
      applied: true,
    });
    await this.m.Policy.create(doc);
    return this.getWork(user, String(_id));
  }

  async update(user: AuthUser, id: string, input: PolicyUpdate): Promise<PolicyWorkDetail> {
    const p = await this.workPolicy(user, id);
    this.assertEdit(user, p.organId);
    if (p.status !== 'draft' && p.status !== 'returned')
      throw conflict(
        PolicyErrorCodes.POLICY_STATE_CONFLICT,
        p.status === 'submitted'
          ? '文件正在审查中，不能修改'
          : '已发布的文件不能修改，如需调整请发布新文件并变更原文件的有效性',
      );
    const set: Record<string, unknown> = {};
    for (const k of [
      'title',
      'indexNo',
      'writtenAt',
      'category',
      'topics',
      'kind',
      'needsInterpretation',
    ] as const) {
      if (input[k] !== undefined) set[k] = input[k];
    }
    if (input.docNo !== undefined) {
      set.docNo = input.docNo || null;
      set.docNoNorm = input.docNo ? normalizeDocNo(input.docNo) : null;
    }
    if (input.body !== undefined) {
      set.body = sanitizeBody(input.body);
      set.bodyText = htmlToText(set.body as string);
      if ((set.bodyText as string).length < 20)
        throw unprocessable('POLICY_BODY_EMPTY', '正文至少20个字', [
          { path: 'body', message: '正文至少20个字' },
        ]);
    }
    await this.change(p, user, { action: 'edit', from: p.status, to: p.status, patch: { policy: set } });
    return this.getWork(user, id);
  }

  async submit(user: AuthUser, id: string): Promise<PolicyWorkDetail> {
    const p = await this.workPolicy(user, id);
    this.assertEdit(user, p.organId);
    if (p.status !== 'draft' && p.status !== 'returned')
      throw conflict(
        PolicyErrorCodes.POLICY_STATE_CONFLICT,
        `文件当前状态为“${statusLabel(p.status)}”，不能提交审查`,
      );
    // Interpretations being drafted go to review with the document (同步审签).
    const drafts = await this.m.Interpretation.find(
      { policyId: p._id, status: { $in: ['draft', 'returned'] } },
      { _id: 1 },
    ).lean();
    await this.change(p, user, {
      action: 'submit',
      from: p.status,
      to: 'submitted',
      patch: {
        policy: { status: 'submitted' },
        interpretations: drafts.map((i) => ({
          id: String(i._id),
          set: { status: 'submitted', updatedAt: this.d.now() },
        })),
      },
    });
    return this.getWork(user, id);
  }

  async review(user: AuthUser, id: string, input: Review): Promise<PolicyWorkDetail> {
    const p = await this.workPolicy(user, id);
    this.assertReview(user, p.organId);
    if (p.status !== 'submitted')
      throw conflict(
        PolicyErrorCodes.POLICY_STATE_CONFLICT,
        `文件当前状态为“${statusLabel(p.status)}”，不在待审查状态`,
      );
    const interps = await this.m.Interpretation.find({ policyId: p._id }).lean<InterpretationDoc[]>();
    const pending = interps.filter((i) => i.status === 'submitted');
    const now = this.d.now();
    if (input.verdict === 'return') {
      await this.change(p, user, {
        action: 'return',
        from: 'submitted',
        to: 'returned',
        reason: input.reason!,
        patch: {
          policy: { status: 'returned', returnReason: input.reason! },
          interpretations: pending.map((i) => ({
            id: String(i._id),
            set: { status: 'returned', returnReason: input.reason!, updatedAt: now },
          })),
        },
      });
      return this.getWork(user, id);
    }
    if (needsInterpretation(p) && !pending.length && !interps.some((i) => i.status === 'published')) {
      throw conflict(
        PolicyErrorCodes.INTERPRETATION_REQUIRED,
        '规章、规划、行政规范性文件及标注“需同步解读”的文件，须与政策解读同步审签、同步发布。请先起草并提交该文件的政策解读，再审查发布。',
      );
    }
    if (p.indexNo) await this.claimIndexNo(p.indexNo, String(p._id));
    const indexNo = p.indexNo ?? (await this.assignIndexNo(p, now));
    try {
      await this.change(p, user, {
        action: 'approve',
        from: 'submitted',
        to: 'published',
        reason: input.reason ?? null,
        patch: {
          policy: { status: 'published', returnReason: null, publishedAt: now, indexNo },
          interpretations: pending.map((i) => ({
            id: String(i._id),
            set: { status: 'published', returnReason: null, publishedAt: now, updatedAt: now },
          })),
        },
      });
    } catch (err) {
      // Someone else acted first: give back the number this attempt took, so numbering has no gaps.
      if (!p.indexNo) await this.d.claims.release(`policy-index:${indexNo}`);
      throw err;
    }
    await this.index.rebuild(p._id);
    return this.getWork(user, id);
  }

  private async claimIndexNo(indexNo: string, policyId: string) {
    const r = await this.d.claims.claimOrGet(`policy-index:${indexNo}`, policyId);
    if (!r.won && r.ref !== policyId)
      throw conflict(PolicyErrorCodes.INDEX_NO_TAKEN, `索引号 ${indexNo} 已被其他文件使用，请修改后重新提交`);
  }

  /** Next free 索引号 of the organ for the year: `<prefix>/<year>-<n>`, taken with a claim. */
  private async assignIndexNo(p: PolicyDoc, now: Date): Promise<string> {
    const organs = await this.organMap();
    const organ = organs.get(String(p.organId));
    const prefix = indexPrefix({ id: String(p.organId), code: organ?.code ?? '' });
    const year = now.getUTCFullYear();
    const start = await this.m.Policy.countDocuments({ indexNo: { $regex: `^${prefix}/${year}-` } });
    for (let n = start + 1; n < start + 1000; n++) {
      const candidate = `${prefix}/${year}-${String(n).padStart(5, '0')}`;
      if (await this.d.claims.claim(`policy-index:${candidate}`, String(p._id))) return candidate;
    }
    throw new AppError(503, 'INDEX_NO_EXHAUSTED', '暂时无法编制索引号，请稍后重试');
  }

  async changeValidity(user: AuthUser, id: string, input: ValidityChange): Promise<PolicyWorkDetail> {
    const p = await this.workPolicy(user, id);
    this.assertEdit(user, p.organId);
    if (p.status !== 'published')
      throw conflict(PolicyErrorCodes.POLICY_STATE_CONFLICT, '只有已发布的文件才能变更有效性');
    if (p.validity === '失效' || p.validity === '废止')
      throw conflict(PolicyErrorCodes.POLICY_STATE_CONFLICT, `文件已${p.validity}，不能再变更有效性`);
    let related: Types.ObjectId | null = null;
    if (input.relatedId) {
      if (input.relatedId === id)
        throw unprocessable('POLICY_RELATED_INVALID', '不能指向文件本身', [
          { path: 'relatedId', message: '不能指向文件本身' },
        ]);
      const r = await this.m.Policy.findById(oid(input.relatedId), { status: 1 }).lean();
      if (!r || r.status !== 'published')
        throw unprocessable('POLICY_RELATED_INVALID', '关联的文件不存在或尚未发布', [
          { path: 'relatedId', message: '关联的文件不存在或尚未发布' },
        ]);
      related = r._id;
    }
    if (input.validity === '已修改' && !related)
      throw unprocessable('POLICY_RELATED_REQUIRED', '请选择修改该文件的新文件', [
        { path: 'relatedId', message: '请选择修改该文件的新文件' },
      ]);
    const set: Record<string, unknown> = { validity: STATUS_OF_VALIDITY[input.validity] };
    if (input.validity === '已修改') set.amendedBy = related;
    else set.replacedBy = related;
    await this.change(p, user, {
      action: 'validity',
      from: p.validity,
      to: input.validity,
      reason: input.reason,
      patch: { policy: set },
    });
    await this.index.rebuild(p._id);
    return this.getWork(user, id);
  }

  // ---------- interpretations ----------

  private async workInterpretation(user: AuthUser, id: string) {
    const i = await this.m.Interpretation.findById(oid(id)).lean<InterpretationDoc>();
    if (!i) throw notFound('政策解读不存在');
    const p = await this.workPolicy(user, String(i.policyId));
    return { i, p };
  }

  async createInterpretation(
    user: AuthUser,
    policyId: string,
    input: InterpretationCreate,
  ): Promise<PolicyWorkDetail> {
    const p = await this.workPolicy(user, policyId);
    this.assertEdit(user, p.organId);
    const now = this.d.now();
    const _id = new Types.ObjectId();
    await this.change(p, user, {
      action: 'interp-create',
      target: 'interpretation',
      targetId: _id,
      from: null,
      to: 'draft',
      patch: {
        insertInterpretation: {
          _id,
          policyId: p._id,
          organId: p.organId,
          title: input.title,
          form: input.form ?? 'text',
          sections: input.sections,
          imageUrl: input.imageUrl ?? null,
          videoUrl: input.videoUrl ?? null,
          status: 'draft',
          returnReason: null,
          publishedAt: null,
          createdBy: new Types.ObjectId(user.id),
          createdAt: now,
          updatedAt: now,
        },
      },
    });
    return this.getWork(user, policyId);
  }

  async updateInterpretation(
    user: AuthUser,
    id: string,
    input: InterpretationUpdate,
  ): Promise<PolicyWorkDetail> {
    const { i, p } = await this.workInterpretation(user, id);
    this.assertEdit(user, p.organId);
    if (i.status !== 'draft' && i.status !== 'returned')
      throw conflict(
        PolicyErrorCodes.POLICY_STATE_CONFLICT,
        i.status === 'submitted' ? '解读正在审查中，不能修改' : '已发布的解读不能修改，可另行发布跟踪解读',
      );
    const set: Record<string, unknown> = { updatedAt: this.d.now() };
    for (const k of ['title', 'form', 'sections', 'imageUrl', 'videoUrl'] as const) {
      if (input[k] !== undefined) set[k] = input[k];
    }
    await this.change(p, user, {
      action: 'interp-edit',
      target: 'interpretation',
      targetId: i._id,
      from: i.status,
      to: i.status,
      patch: { interpretations: [{ id, set }] },
    });
    return this.getWork(user, String(p._id));
  }

  async submitInterpretation(user: AuthUser, id: string): Promise<PolicyWorkDetail> {
    const { i, p } = await this.workInterpretation(user, id);
    this.assertEdit(user, p.organId);
    if (i.status !== 'draft' && i.status !== 'returned')
      throw conflict(
        PolicyErrorCodes.POLICY_STATE_CONFLICT,
        `解读当前状态为“${statusLabel(i.status)}”，不能提交审查`,
      );
    await this.change(p, user, {
      action: 'interp-submit',
      target: 'interpretation',
      targetId: i._id,
      from: i.status,
      to: 'submitted',
      patch: { interpretations: [{ id, set: { status: 'submitted', updatedAt: this.d.now() } }] },
    });
    return this.getWork(user, String(p._id));
  }

  /** Review of a follow-up interpretation of a published document (持续跟踪解读). */
  async reviewInterpretation(user: AuthUser, id: string, input: Review): Promise<PolicyWorkDetail> {
    const { i, p } = await this.workInterpretation(user, id);
    this.assertReview(user, p.organId);
    if (i.status !== 'submitted')
      throw conflict(
        PolicyErrorCodes.POLICY_STATE_CONFLICT,
        `解读当前状态为“${statusLabel(i.status)}”，不在待审查状态`,
      );
    if (p.status !== 'published')
      throw conflict(PolicyErrorCodes.POLICY_STATE_CONFLICT, '文件尚未发布，其解读随文件一并审查发布');
    const now = this.d.now();
    const approve = input.verdict === 'approve';
    await this.change(p, user, {
      action: approve ? 'interp-approve' : 'interp-return',
      target: 'interpretation',
      targetId: i._id,
      from: 'submitted',
      to: approve ? 'published' : 'returned',
      reason: input.reason ?? null,
      patch: {
        interpretations: [
          {
            id,
            set: approve
              ? { status: 'published', publishedAt: now, returnReason: null, updatedAt: now }
              : { status: 'returned', returnReason: input.reason!, updatedAt: now },
          },
        ],
      },
    });
    if (approve) await this.index.rebuild(p._id);
    return this.getWork(user, String(p._id));
  }

  // ---------- FAQ knowledge base ----------

  async createFaq(user: AuthUser, input: FaqCreate): Promise<Faq> {
    this.assertEdit(user, input.organId);
    if (input.policyId) {
      const p = await this.m.Policy.findById(oid(input.policyId), { organId: 1 }).lean();
      if (!p)
        throw unprocessable('FAQ_POLICY_INVALID', '关联的政策文件不存在', [
          { path: 'policyId', message: '关联的政策文件不存在' },
        ]);
      if (String(p.organId) !== input.organId) throw forbidden('只能为本机关的政策文件编写问答');
    }
    const now = this.d.now();
    const doc = await this.m.Faq.create({
      policyId: input.policyId ? new Types.ObjectId(input.policyId) : null,
      organId: new Types.ObjectId(input.organId),
      question: input.question,
      answer: input.answer,
      topics: input.topics ?? [],
      createdBy: new Types.ObjectId(user.id),
      createdAt: now,
      updatedAt: now,
    });
    await this.afterFaqChange(doc.toObject() as FaqDoc);
    return this.faqDto(doc.toObject() as FaqDoc);
  }

  async updateFaq(user: AuthUser, id: string, input: FaqUpdate): Promise<Faq> {
    const f = await this.m.Faq.findById(oid(id)).lean<FaqDoc>();
    if (!f) throw notFound('问答不存在');
    this.assertEdit(user, f.organId);
    const set: Record<string, unknown> = { updatedAt: this.d.now() };
    for (const k of ['question', 'answer', 'topics'] as const) if (input[k] !== undefined) set[k] = input[k];
    await this.m.Faq.updateOne({ _id: f._id }, { $set: set });
    const after = (await this.m.Faq.findById(f._id).lean<FaqDoc>())!;
    await this.afterFaqChange(after);
    return this.faqDto(after);
  }

  private async afterFaqChange(f: FaqDoc) {
    if (f.policyId) await this.index.rebuild(f.policyId);
    else await this.index.rebuildFaq(f._id);
  }

  async ask(question: string): Promise<FaqAskResult> {
    const terms = queryTerms(question);
    const hits = await this.index.searchFaqs(terms, 5);
    const good = hits.filter((h) => h.score >= 0.35).slice(0, 3);
    if (!good.length) {
      return {
        matched: false,
        answers: [],
        hint: '知识库中暂未找到与您的问题相符的答复。您可以换个说法再试，或通过“政策咨询”向主管部门留言，工作人员将在承诺时限内答复。',
      };
    }
    const faqs = await this.m.Faq.find({ _id: { $in: good.map((g) => new Types.ObjectId(g.id)) } }).lean<
      FaqDoc[]
    >();
    const byId = new Map(faqs.map((f) => [String(f._id), f]));
    const refs = await this.refs(faqs.map((f) => f.policyId));
    return {
      matched: true,
      hint: null,
      answers: good
        .filter((g) => byId.has(g.id))
        .map((g) => {
          const f = byId.get(g.id)!;
          return {
            faq: this.faqDto(f),
            score: g.score,
            policy: f.policyId ? (refs.get(String(f.policyId)) ?? null) : null,
          };
        }),
    };
  }

  async exportFaqs(since: string | undefined): Promise<FaqExport> {
    const filter: Record<string, unknown> = {};
    if (since) filter.updatedAt = { $gt: new Date(since) };
    const faqs = await this.m.Faq.find(filter).sort({ updatedAt: 1, _id: 1 }).limit(10000).lean<FaqDoc[]>();
    const policyIds = faqs.map((f) => f.policyId).filter((x): x is Types.ObjectId => !!x);
    const published = new Set(
      (await this.m.Policy.find({ _id: { $in: policyIds }, status: 'published' }, { _id: 1 }).lean()).map(
        (p) => String(p._id),
      ),
    );
    const visible = faqs.filter((f) => !f.policyId || published.has(String(f.policyId)));
    const refs = await this.refs(visible.map((f) => f.policyId));
    const organs = await this.organMap();
    return {
      exportedAt: this.d.now().toISOString(),
      since: since ?? null,
      items: visible.map((f) => ({
        ...this.faqDto(f),
        policy: f.policyId ? (refs.get(String(f.policyId)) ?? null) : null,
        organName: organs.get(String(f.organId))?.name ?? '',
      })),
    };
  }
}

function statusLabel(s: string): string {
  return (
    (
      { draft: '草稿', submitted: '待审查', returned: '已退回', published: '已发布' } as Record<
        string,
        string
      >
    )[s] ?? s
  );
}
