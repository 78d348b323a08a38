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
  type FavoriteItem,
  type FavoriteState,
  type ImportReport,
  type ImportRowError,
  type PolicyImport,
  type Suggestion,
  type FileMeta,
  IMPORT_MAX_ROWS,
  POLICY_TOPICS,
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
import type { FilesService } from '../files/service';
import type { AuditDoc, AuditPatch, FaqDoc, InterpretationDoc, PolicyDoc, PolicyModels } from './model';
import { Types } from './model';
import type { Model } from 'mongoose';
import { PolicyIndex, queryTerms, type FacetFilter } from './search';
import { highlight, htmlToText, sanitizeBody, snippet } from './text';
import { checkRow, csvRows, duplicatesWithin, type ImportRow, type RawRow } from './import-rules';
import { dayOf, policyPostings } from './search';

export interface PoliciesDeps {
  models: PolicyModels;
  /** Stored files (attachments, 图解 images). Optional so callers building the service for other uses need not pass it. */
  files?: FilesService;
  claims: Claims;
  accounts: AccountsService;
  now: () => Date;
}

const EDIT_ROLES = ['staff', 'reviewer', 'admin'] as const;

const ACTION_LABELS: Record<string, string> = {
  import: '历史文件导入（已发布）',
  'import-draft': '批量导入（草稿）',
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

/** The exact check of a search hit against the list filter (postings carry the same facets). */
function matchesFilter(p: PolicyDoc, f: Record<string, unknown>): boolean {
  if (p.status !== 'published') return false;
  if (f.organId && String(p.organId) !== String(f.organId)) return false;
  if (f.kind && p.kind !== f.kind) return false;
  if (f.topics && !p.topics.includes(f.topics as never)) return false;
  if (f.validity && p.validity !== f.validity) return false;
  const range = f.publishedAt as { $gte?: Date; $lt?: Date } | undefined;
  const at = p.publishedAt?.getTime() ?? 0;
  if (range?.$gte && at < range.$gte.getTime()) return false;
  if (range?.$lt && at >= range.$lt.getTime()) return false;
  return true;
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

const cmpId = (a: Types.ObjectId, b: Types.ObjectId) => String(a).localeCompare(String(b));

export class PoliciesService {
  readonly index: PolicyIndex;
  private readonly m: PolicyModels;
  private readonly hitCache = new Map<string, { doc: PolicyDoc; at: number }>();

  constructor(private readonly d: PoliciesDeps) {
    this.m = d.models;
    this.index = new PolicyIndex(d.models, d.models.Policy.db, d.now);
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

  private current = false;
  /** Whether the search index has the current layout (checked until it has; it never goes back). */
  private async indexCurrent(): Promise<boolean> {
    if (!this.current) this.current = await this.index.isCurrent();
    return this.current;
  }

  /** Documents by `_id`, one primary-key read each (missing ones left out). */
  private async byIds<T>(model: Model<T>, ids: Types.ObjectId[]): Promise<(T & { _id: Types.ObjectId })[]> {
    const docs = await Promise.all(ids.map((id) => model.findById(id).lean<T & { _id: Types.ObjectId }>()));
    return docs.filter((d): d is NonNullable<typeof d> => !!d) as (T & { _id: Types.ObjectId })[];
  }

  private async refs(ids: (Types.ObjectId | null)[]): Promise<Map<string, PolicyRef>> {
    const list = ids.filter((x): x is Types.ObjectId => !!x);
    if (!list.length) return new Map();
    // One _id read each: FerretDB serves `_id` equality from its primary key, `$in` by a scan.
    const docs = await Promise.all(
      [...new Set(list.map(String))].map((id) =>
        this.m.Policy.findById(new Types.ObjectId(id), { title: 1, docNo: 1 }).lean(),
      ),
    );
    return new Map(
      docs
        .filter((d) => !!d)
        .map((d) => [String(d!._id), { id: String(d!._id), title: d!.title, docNo: d!.docNo }]),
    );
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
    // Public pages use the count cached with the index; the workbench counts every interpretation.
    const cached = publishedOnly && docs.every((d) => typeof d.interpCount === 'number');
    const counts = cached
      ? new Map(docs.map((d) => [String(d._id), d.interpCount!]))
      : await this.interpCounts(
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
      attachmentIds: p.attachmentIds ?? [],
      updatedAt: p.updatedAt.toISOString(),
    }));
  }

  private async files(ids: string[] | undefined, user: AuthUser | null): Promise<FileMeta[]> {
    if (!ids?.length || !this.d.files) return [];
    return this.d.files.describe(ids, user);
  }

  private async interpDtos(list: InterpretationDoc[], user: AuthUser | null): Promise<Interpretation[]> {
    const images = await Promise.all(list.map((i) => this.files(i.imageIds, user)));
    return list.map((i, n) => ({ ...this.interpDto(i), images: images[n]! }));
  }

  /** Check newly attached files (uploaded by the user, right purpose) and let the organ's staff read them. */
  private async attachNew(
    user: AuthUser,
    ids: string[] | undefined,
    before: string[] | undefined,
    purpose: 'policy-attachment' | 'policy-image',
    organId: string,
  ) {
    const fresh = (ids ?? []).filter((id) => !(before ?? []).includes(id));
    if (!fresh.length) return;
    if (!this.d.files) throw unprocessable('FILE_INVALID', '附件服务不可用，请稍后重试');
    await this.d.files.attach(fresh, { uploaderId: user.id, purpose, organIds: [organId] });
  }

  /** At publication the files of the document and its interpretations become public. */
  private async publishFiles(ids: string[]) {
    if (ids.length && this.d.files) await this.d.files.attach(ids, { public: true });
  }

  private interpDto(i: InterpretationDoc): Omit<Interpretation, 'images'> & { images: FileMeta[] } {
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
      imageIds: i.imageIds ?? [],
      images: [],
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
    await this.repairImports();
    // A database indexed with the earlier layout is reindexed once.
    await this.index.migrate((key) => this.d.claims.claim(key, 'policies'));
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

    const facetFilter: FacetFilter = {
      organ: q.organ,
      kind: q.kind,
      topic: q.topic,
      validity: q.validity,
      fromDay: q.from ? dayOf(new Date(`${q.from}T00:00:00+08:00`)) : undefined,
      toDay: q.to ? dayOf(new Date(`${q.to}T00:00:00+08:00`)) : undefined,
    };
    if (!text && (await this.indexCurrent())) {
      // Browsing: the index's list of every published document, newest first (a query on the
      // collection sorted by date scans and sorts all of it on FerretDB-SQLite).
      const offset = cursor ? Number(cursor.o) : 0;
      if (!Number.isInteger(offset) || offset < 0 || offset > 100_000)
        throw badRequest('INVALID_CURSOR', '分页参数无效，请从第一页重新加载');
      const hits = await this.index.latest(facetFilter, offset + q.limit + 1);
      hits.sort((a, b) => b.score - a.score || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0));
      const slice = hits.slice(offset, offset + q.limit);
      const docs = await Promise.all(slice.map((h) => this.hitDoc(h.id, h.facets)));
      const page = docs.filter((p): p is PolicyDoc => !!p && matchesFilter(p, filter));
      const next = offset + q.limit < hits.length ? encodeCursor({ o: offset + q.limit }) : null;
      return { items: await this.listItems(page, [], new Map()), nextCursor: next };
    }
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

    // Search: the inverted index (exact 文号 first), filters on the postings' facets,
    // then the page is read by _id and checked against the filter once more.
    const offset = cursor ? Number(cursor.o) : 0;
    if (!Number.isInteger(offset) || offset < 0 || offset > 100_000)
      throw badRequest('INVALID_CURSOR', '分页参数无效，请从第一页重新加载');
    const hits = await this.index.searchPolicies(terms, {
      filter: facetFilter,
      need: offset + q.limit + 1,
      byDate: q.sort === 'date',
      docNoNorm: looksLikeDocNo(text) ? normalizeDocNo(text) : null,
    });
    if (q.sort === 'date') hits.sort((a, b) => b.day - a.day || (b.id < a.id ? -1 : 1));
    else hits.sort((a, b) => b.score - a.score || b.day - a.day || (b.id < a.id ? -1 : 1));
    const slice = hits.slice(offset, offset + q.limit);
    const docs = await Promise.all(slice.map((h) => this.hitDoc(h.id, h.facets)));
    const page = docs.filter((p): p is PolicyDoc => !!p && matchesFilter(p, filter));
    const scores = new Map(slice.map((h) => [h.id, h.score]));
    const next = offset + q.limit < hits.length ? encodeCursor({ o: offset + q.limit }) : null;
    const highlightTerms = looksLikeDocNo(text)
      ? [...terms, ...page.map((p) => p.docNo ?? '').filter(Boolean)]
      : terms;
    return { items: await this.listItems(page, highlightTerms, scores), nextCursor: next };
  }

  /**
   * A published document of a search page, without its body. Published
   * documents do not change except through a new revision that rebuilds their
   * postings (validity, interpretations), so a copy is kept per instance keyed
   * by the posting's facets, for at most a minute.
   */
  private async hitDoc(id: string, facets: string): Promise<PolicyDoc | null> {
    const key = `${id}|${facets}`;
    const now = Date.now();
    const hit = this.hitCache.get(key);
    if (hit && now - hit.at < 60_000) return hit.doc;
    const doc = await this.m.Policy.findById(new Types.ObjectId(id), { body: 0 }).lean<PolicyDoc>();
    if (doc?.status === 'published') {
      this.hitCache.delete(key);
      this.hitCache.set(key, { doc, at: now });
      if (this.hitCache.size > 5000) this.hitCache.delete(this.hitCache.keys().next().value!);
    }
    return doc;
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
    // The index rebuild keeps the ids of the published interpretations and FAQs on the policy:
    // read those by `_id` (a search of the collections scans them on FerretDB-SQLite).
    const [[policy], interps, faqs, attachments] = await Promise.all([
      this.toDtos([p], true),
      p.interpIds
        ? this.byIds(this.m.Interpretation, p.interpIds).then((xs) =>
            xs
              .filter((i) => i.status === 'published')
              .sort((a, b) => +(a.publishedAt ?? 0) - +(b.publishedAt ?? 0) || cmpId(a._id, b._id)),
          )
        : this.m.Interpretation.find({ policyId: p._id, status: 'published' })
            .sort({ publishedAt: 1, _id: 1 })
            .lean<InterpretationDoc[]>(),
      p.faqIds
        ? this.byIds(this.m.Faq, p.faqIds).then((xs) =>
            xs
              .filter((f) => String(f.policyId) === String(p._id))
              .sort((a, b) => +a.createdAt - +b.createdAt || cmpId(a._id, b._id)),
          )
        : this.m.Faq.find({ policyId: p._id }).sort({ createdAt: 1, _id: 1 }).lean<FaqDoc[]>(),
      this.files(p.attachmentIds, null),
    ]);
    return {
      policy: policy!,
      attachments,
      interpretations: await this.interpDtos(interps, null),
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
    filter.status = q.status ?? { $ne: 'importing' };
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
      attachments: await this.files(p.attachmentIds, user),
      interpretations: await this.interpDtos(interps, user),
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
    await this.attachNew(user, input.attachmentIds, [], 'policy-attachment', input.organId);
    const _id = new Types.ObjectId();
    const doc: PolicyDoc = {
      _id,
      attachmentIds: input.attachmentIds ?? [],
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
    if (input.attachmentIds !== undefined) {
      await this.attachNew(
        user,
        input.attachmentIds,
        p.attachmentIds,
        'policy-attachment',
        String(p.organId),
      );
      set.attachmentIds = input.attachmentIds;
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
    await this.publishFiles([...(p.attachmentIds ?? []), ...pending.flatMap((i) => i.imageIds ?? [])]);
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
    await this.attachNew(user, input.imageIds, [], 'policy-image', String(p.organId));
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
          imageIds: input.imageIds ?? [],
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
    for (const k of ['title', 'form', 'sections', 'imageUrl', 'videoUrl', 'imageIds'] as const) {
      if (input[k] !== undefined) set[k] = input[k];
    }
    await this.attachNew(user, input.imageIds, i.imageIds, 'policy-image', String(p.organId));
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
    if (approve) {
      await this.publishFiles(i.imageIds ?? []);
      await this.index.rebuild(p._id);
    }
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

  /** FAQs of the user's organs (standalone ones only, or all). */
  async listFaqs(user: AuthUser, q: { standalone?: 'true' | 'false' }): Promise<{ items: Faq[] }> {
    const filter: Record<string, unknown> = {
      organId: { $in: user.organIds.map((o) => new Types.ObjectId(o)) },
    };
    if (q.standalone === 'true') filter.policyId = null;
    const faqs = await this.m.Faq.find(filter).sort({ updatedAt: -1, _id: -1 }).limit(200).lean<FaqDoc[]>();
    return { items: faqs.map((f) => this.faqDto(f)) };
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

  // ---------- favourites (收藏) ----------

  async favoriteState(user: AuthUser, policyId: string): Promise<FavoriteState> {
    oid(policyId);
    const f = await this.m.Favorite.findById(`${user.id}:${policyId}`).lean();
    return { policyId, favorited: !!f, favoritedAt: iso(f?.at) };
  }

  /** Add to 收藏: only a published document; adding twice keeps the first time. */
  async addFavorite(user: AuthUser, policyId: string): Promise<FavoriteState> {
    const p = await this.m.Policy.findById(oid(policyId), { status: 1, title: 1 }).lean();
    if (!p || p.status !== 'published') throw notFound('政策文件不存在或尚未公开');
    try {
      await this.m.Favorite.create({
        _id: `${user.id}:${policyId}`,
        userId: new Types.ObjectId(user.id),
        policyId: p._id,
        title: p.title,
        at: this.d.now(),
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return this.favoriteState(user, policyId);
  }

  async removeFavorite(user: AuthUser, policyId: string): Promise<FavoriteState> {
    oid(policyId);
    await this.m.Favorite.deleteOne({ _id: `${user.id}:${policyId}` });
    return { policyId, favorited: false, favoritedAt: null };
  }

  async listFavorites(
    user: AuthUser,
    q: { limit: number; cursor?: string },
  ): Promise<{ items: FavoriteItem[]; nextCursor: string | null }> {
    const filter: Record<string, unknown> = { userId: new Types.ObjectId(user.id) };
    const cursor = decodeCursor(q.cursor);
    if (cursor) {
      const at = new Date(String(cursor.a));
      if (Number.isNaN(at.getTime()) || typeof cursor.i !== 'string')
        throw badRequest('INVALID_CURSOR', '分页参数无效，请从第一页重新加载');
      filter.$or = [{ at: { $lt: at } }, { at, _id: { $lt: cursor.i } }];
    }
    const favs = await this.m.Favorite.find(filter)
      .sort({ at: -1, _id: -1 })
      .limit(q.limit + 1)
      .lean();
    const page = favs.slice(0, q.limit);
    const docs = await Promise.all(
      page.map((f) => this.m.Policy.findById(f.policyId, { body: 0 }).lean<PolicyDoc>()),
    );
    const visible = docs.filter((d): d is PolicyDoc => !!d && d.status === 'published');
    const items = await this.listItems(visible, [], new Map());
    const byId = new Map(items.map((i) => [i.id, i]));
    const last = page[page.length - 1];
    return {
      items: page.map((f) => ({
        favoritedAt: f.at.toISOString(),
        policyId: String(f.policyId),
        title: f.title,
        policy: byId.get(String(f.policyId)) ?? null,
      })),
      nextCursor:
        favs.length > q.limit && last ? encodeCursor({ a: last.at.toISOString(), i: last._id }) : null,
    };
  }

  // ---------- suggestions ----------

  /** What the user may mean while typing: topics, titles and 文号 of published documents. */
  async suggest(text: string): Promise<{ items: Suggestion[] }> {
    const q = text.trim();
    const items: Suggestion[] = [];
    for (const t of POLICY_TOPICS)
      if (t.includes(q) || (q.length >= 2 && q.includes(t)))
        items.push({ text: t, kind: 'topic', policyId: null });
    const terms = queryTerms(q);
    const norm = normalizeDocNo(q);
    let ids = await this.index.titleHits(terms, 8);
    if (ids.length < 8 && (terms.length || looksLikeDocNo(q))) {
      const hits = await this.index.searchPolicies(terms, {
        need: 8,
        docNoNorm: looksLikeDocNo(q) ? norm : null,
      });
      hits.sort((a, b) => b.score - a.score);
      for (const h of hits) if (ids.length < 8 && !ids.includes(h.id)) ids.push(h.id);
    }
    ids = ids.slice(0, 8);
    const docs = await Promise.all(
      ids.map((id) =>
        this.m.Policy.findById(new Types.ObjectId(id), {
          title: 1,
          docNo: 1,
          docNoNorm: 1,
          status: 1,
        }).lean(),
      ),
    );
    const seen = new Set<string>();
    for (const d of docs) {
      if (!d || d.status !== 'published') continue;
      const byDocNo = !!d.docNoNorm && q.length >= 2 && d.docNoNorm.includes(norm);
      const textOut = byDocNo ? d.docNo! : d.title;
      if (seen.has(textOut)) continue;
      seen.add(textOut);
      items.push({ text: textOut, kind: byDocNo ? 'docNo' : 'title', policyId: String(d._id) });
    }
    return { items: items.slice(0, 10) };
  }

  // ---------- bulk import ----------

  /**
   * Import a library: every row checked first (row numbers, Chinese messages),
   * nothing stored when any row fails. 文号 and 索引号 are claimed
   * (`policy-docno:` / `policy-index:`), so two imports at once cannot both
   * take the same number; the batch record makes a crash roll back or forward.
   */
  async importPolicies(user: AuthUser, input: PolicyImport): Promise<ImportReport> {
    const publish = input.publish ?? false;
    const dryRun = input.dryRun ?? false;
    if (publish) {
      if (!this.canReview(user, input.organId))
        throw forbidden('只有本机关的审核人员可以将文件作为已发布文件导入');
    } else this.assertEdit(user, input.organId);
    let raws: RawRow[];
    const errors: ImportRowError[] = [];
    if (input.csv !== undefined) {
      const parsed = csvRows(input.csv);
      raws = parsed.rows;
      errors.push(...parsed.errors);
    } else raws = (input.rows ?? []).map((values, i) => ({ row: i + 1, values }));
    if (raws.length > IMPORT_MAX_ROWS)
      errors.push({
        row: 0,
        field: null,
        message: `一次最多导入${IMPORT_MAX_ROWS}条，本次为${raws.length}条`,
      });
    if (!raws.length && !errors.length) errors.push({ row: 0, field: null, message: '没有可导入的数据行' });
    const rows: ImportRow[] = [];
    for (const r of raws) {
      const c = checkRow(r, publish);
      errors.push(...c.errors);
      if (c.value) rows.push(c.value);
    }
    errors.push(...duplicatesWithin(rows));
    // Numbers already used by documents in the library (one query for the whole file).
    const docNos = rows.map((r) => r.docNoNorm).filter((x): x is string => !!x);
    const indexNos = rows.map((r) => r.indexNo).filter((x): x is string => !!x);
    if (docNos.length || indexNos.length) {
      const taken = await this.m.Policy.find(
        { $or: [{ docNoNorm: { $in: docNos } }, { indexNo: { $in: indexNos } }] },
        { docNoNorm: 1, indexNo: 1 },
      ).lean();
      const takenDoc = new Set(taken.map((t) => t.docNoNorm));
      const takenIdx = new Set(taken.map((t) => t.indexNo));
      for (const r of rows) {
        if (r.docNoNorm && takenDoc.has(r.docNoNorm))
          errors.push({ row: r.row, field: '发文字号', message: `发文字号“${r.docNo}”已在政策文件库中` });
        if (r.indexNo && takenIdx.has(r.indexNo))
          errors.push({ row: r.row, field: '索引号', message: `索引号“${r.indexNo}”已被其他文件使用` });
      }
    }
    errors.sort((a, b) => a.row - b.row);
    const status = publish ? 'published' : 'draft';
    const report = (imported: boolean, ids: Map<number, string> = new Map()): ImportReport => ({
      dryRun,
      imported,
      total: raws.length,
      status,
      errors,
      rows: raws.map((r) => ({
        row: r.row,
        title: String(r.values.title ?? '').trim(),
        id: ids.get(r.row) ?? null,
      })),
    });
    if (dryRun) return report(false);
    if (errors.length)
      throw unprocessable(
        'IMPORT_INVALID',
        `有${new Set(errors.map((e) => e.row)).size}行未通过校验，本次未导入任何文件`,
        report(false),
      );
    return this.writeImport(user, input.organId, rows, publish, report);
  }

  private async writeImport(
    user: AuthUser,
    organId: string,
    rows: ImportRow[],
    publish: boolean,
    report: (imported: boolean, ids?: Map<number, string>) => ImportReport,
  ): Promise<ImportReport> {
    const ids = new Map(rows.map((r) => [r.row, new Types.ObjectId()]));
    // Claims first: a concurrent import of the same 文号/索引号 loses here, before anything is written.
    const taken: string[] = [];
    const lost: ImportRowError[] = [];
    for (const r of rows) {
      const ref = ids.get(r.row)!.toHexString();
      for (const [key, label, value] of [
        [r.docNoNorm ? `policy-docno:${r.docNoNorm}` : null, '发文字号', r.docNo],
        [r.indexNo ? `policy-index:${r.indexNo}` : null, '索引号', r.indexNo],
      ] as const) {
        if (!key) continue;
        if (await this.d.claims.claim(key, ref)) taken.push(key);
        else lost.push({ row: r.row, field: label, message: `${label}“${value}”刚刚被其他导入或文件占用` });
      }
    }
    if (lost.length) {
      for (const k of taken) await this.d.claims.release(k);
      const r = report(false);
      r.errors.push(...lost);
      throw conflict('IMPORT_CONFLICT', '部分文号或索引号刚刚被占用，本次未导入任何文件', r);
    }
    const batchId = new Types.ObjectId().toHexString();
    const now = this.d.now();
    const target = publish ? 'published' : 'draft';
    await this.m.ImportBatch.create({
      _id: batchId,
      organId: new Types.ObjectId(organId),
      ids: [...ids.values()],
      claims: taken,
      status: 'pending',
      target,
      at: now,
    });
    const actor = new Types.ObjectId(user.id);
    const policies: Record<string, unknown>[] = [];
    const interps: Record<string, unknown>[] = [];
    const audit: Record<string, unknown>[] = [];
    for (const r of rows) {
      const _id = ids.get(r.row)!;
      const body = sanitizeBody(r.body);
      const publishedAt = publish ? new Date(`${r.publishedAt}T09:00:00+08:00`) : null;
      policies.push({
        _id,
        indexNo: r.indexNo,
        title: r.title,
        organId: new Types.ObjectId(organId),
        docNo: r.docNo,
        docNoNorm: r.docNoNorm,
        writtenAt: r.writtenAt,
        publishedAt,
        category: r.category,
        topics: r.topics,
        kind: r.kind,
        validity: r.validity,
        replacedBy: null,
        amendedBy: null,
        needsInterpretation: r.needsInterpretation,
        status: 'importing',
        returnReason: null,
        body,
        bodyText: htmlToText(body),
        interpText: '',
        createdBy: actor,
        createdAt: now,
        updatedAt: now,
        rev: 1,
        attachmentIds: [],
        importBatch: batchId,
      });
      if (r.interpretation)
        interps.push({
          _id: new Types.ObjectId(),
          policyId: _id,
          organId: new Types.ObjectId(organId),
          title: r.interpretation.title,
          form: 'text',
          sections: {
            purpose: r.interpretation.purpose,
            content: r.interpretation.content,
            scope: r.interpretation.scope,
            process: r.interpretation.process,
            changes: '',
            glossary: '',
          },
          imageUrl: null,
          videoUrl: null,
          imageIds: [],
          status: target,
          returnReason: null,
          publishedAt,
          createdBy: actor,
          createdAt: now,
          updatedAt: now,
        });
      audit.push({
        _id: `${_id.toHexString()}:${pad(1)}`,
        policyId: _id,
        rev: 1,
        action: publish ? 'import' : 'import-draft',
        target: 'policy',
        targetId: _id,
        from: null,
        to: target,
        actorId: actor,
        actorName: user.displayName,
        reason: `批量导入第${r.row}行`,
        at: now,
        patch: {},
        applied: true,
      });
    }
    await this.m.Audit.insertMany(audit);
    if (interps.length) await this.m.Interpretation.insertMany(interps);
    await this.m.Policy.collection.insertMany(policies);
    await this.finishImport(batchId);
    return report(true, new Map(rows.map((r) => [r.row, ids.get(r.row)!.toHexString()])));
  }

  /** Make a batch's documents visible at once and index the published ones. */
  private async finishImport(batchId: string) {
    const batch = await this.m.ImportBatch.findById(batchId).lean();
    if (!batch || batch.status !== 'pending') return;
    await this.m.Policy.updateMany(
      { importBatch: batchId },
      { $set: { status: batch.target, importBatch: null } },
    );
    if (batch.target === 'published') {
      const docs = await Promise.all(batch.ids.map((id) => this.m.Policy.findById(id).lean<PolicyDoc>()));
      const owners = [];
      for (const p of docs) {
        if (!p) continue;
        const interps = await this.m.Interpretation.find({ policyId: p._id, status: 'published' }).lean();
        const { postings, interpText } = policyPostings(p, interps, []);
        await this.m.Policy.updateOne({ _id: p._id }, { $set: { interpText, interpCount: interps.length } });
        owners.push({ id: String(p._id), postings });
      }
      await this.index.indexFresh(owners);
    }
    await this.m.ImportBatch.updateOne({ _id: batchId }, { $set: { status: 'done' } });
  }

  /** Repair: a batch left pending by a crash is finished when all its documents were written, else rolled back. */
  async repairImports(): Promise<void> {
    const cutoff = new Date(this.d.now().getTime() - 120_000);
    const pending = await this.m.ImportBatch.find({ status: 'pending', at: { $lt: cutoff } })
      .limit(10)
      .lean();
    for (const b of pending) {
      const present = await this.m.Policy.countDocuments({ importBatch: b._id });
      if (present === b.ids.length) {
        await this.finishImport(b._id);
        continue;
      }
      await this.m.Policy.deleteMany({ importBatch: b._id });
      await this.m.Interpretation.deleteMany({ policyId: { $in: b.ids } });
      await this.m.Audit.deleteMany({ policyId: { $in: b.ids } });
      for (const k of b.claims) await this.d.claims.release(k);
      await this.m.ImportBatch.updateOne({ _id: b._id }, { $set: { status: 'rolled-back' } });
    }
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
