/** Stored files: upload with checks, grants from the records that use them, signed download links. */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { Schema, Types, type Connection, type Model } from 'mongoose';
import { FILE_RULES, FilePurposeSchema, type FileMeta, type FilePurpose } from '@zwgk/types';
import { AppError, forbidden, notFound, unprocessable } from '../../platform/errors';
import { modelOn } from '../../platform/db';
import type { AuthUser } from '../../platform/routing';
import type { FileStorage } from '../../platform/storage';
import { cleanFileName, MIME, sniffKind } from './sniff';

export interface FileDoc {
  _id: Types.ObjectId;
  purpose: FilePurpose;
  name: string;
  kind: string;
  mime: string;
  size: number;
  sha256: string;
  storageKey: string;
  uploaderId: string;
  public: boolean;
  userIds: string[];
  organIds: string[];
  createdAt: Date;
}

const FileSchema = new Schema<FileDoc>(
  {
    purpose: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    mime: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    storageKey: { type: String, required: true },
    uploaderId: { type: String, required: true, index: true },
    public: { type: Boolean, default: false },
    userIds: { type: [String], default: [] },
    organIds: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'files' },
);

export interface FileGrant {
  /** Each file must have been uploaded by this user. */
  uploaderId?: string;
  /** Each file must have this purpose. */
  purpose?: FilePurpose;
  public?: boolean;
  userIds?: string[];
  organIds?: string[];
}

const STAFF_SIDE = ['staff', 'reviewer', 'organizer', 'admin'] as const;
const fileInvalid = (ids: string[]) =>
  unprocessable('FILE_INVALID', '附件不存在或不可使用，请重新上传', { fileIds: ids });

export class FilesService {
  readonly model: Model<FileDoc>;

  constructor(
    conn: Connection,
    private readonly storage: FileStorage,
    private readonly secret: string,
    private readonly now: () => Date,
    private readonly urlTtlSeconds = 3600,
  ) {
    this.model = modelOn<FileDoc>(conn, 'StoredFile', FileSchema);
  }

  // ---------- upload ----------

  /** Read one multipart upload (`purpose` field first, then `file`), check it, store it. */
  async upload(user: AuthUser, req: IncomingMessage): Promise<FileMeta> {
    const type = req.headers['content-type'] ?? '';
    if (!/^multipart\/form-data/i.test(type))
      throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 方式上传文件');
    const parsed = await readMultipart(req);
    const purposeOk = FilePurposeSchema.safeParse(parsed.purpose);
    if (!purposeOk.success)
      throw unprocessable('FILE_PURPOSE_INVALID', '请说明文件用途（purpose）', {
        allowed: FilePurposeSchema.options,
      });
    const purpose = purposeOk.data;
    const rule = FILE_RULES[purpose];
    const allowed =
      rule.uploaders === 'citizen'
        ? true
        : rule.uploaders === 'admin'
          ? user.roles.includes('admin')
          : user.roles.some((r) => (STAFF_SIDE as readonly string[]).includes(r));
    if (!allowed) throw forbidden(`您不能上传“${rule.label}”`);
    if (!parsed.file) throw unprocessable('FILE_MISSING', '请选择要上传的文件');
    const { body, name, truncated } = parsed.file;
    if (truncated || body.length > rule.maxBytes)
      throw new AppError(
        413,
        'FILE_TOO_LARGE',
        `文件过大：${rule.label}不超过 ${rule.maxBytes / 1048576} MB`,
      );
    if (body.length === 0) throw unprocessable('FILE_EMPTY', '文件是空的，请重新选择');
    const kind = sniffKind(body.subarray(0, 16), name);
    if (!kind || !rule.kinds.includes(kind))
      throw new AppError(
        415,
        'FILE_TYPE_NOT_ALLOWED',
        `文件类型不符合要求：${rule.label}只接受 ${rule.kinds.join('、')} 格式`,
      );
    const storageKey = randomBytes(16).toString('hex');
    await this.storage.put(storageKey, body);
    const doc = await this.model.create({
      purpose,
      name: cleanFileName(name, kind),
      kind,
      mime: MIME[kind],
      size: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
      storageKey,
      uploaderId: user.id,
      public: false,
      userIds: [],
      organIds: [],
      createdAt: this.now(),
    });
    return this.toMeta(doc.toObject() as FileDoc);
  }

  // ---------- use by other modules ----------

  /** Check files for a record and grant read access; 422 FILE_INVALID when any id does not fit. */
  async attach(ids: readonly string[], grant: FileGrant): Promise<FileMeta[]> {
    if (!ids.length) return [];
    const unique = [...new Set(ids)];
    const bad = unique.filter((id) => !Types.ObjectId.isValid(id));
    if (bad.length) throw fileInvalid(bad);
    const docs = await this.model.find({ _id: { $in: unique } }).lean<FileDoc[]>();
    const byId = new Map(docs.map((d) => [d._id.toHexString(), d]));
    const invalid = unique.filter((id) => {
      const d = byId.get(id);
      return (
        !d ||
        (grant.uploaderId !== undefined && d.uploaderId !== grant.uploaderId) ||
        (grant.purpose !== undefined && d.purpose !== grant.purpose)
      );
    });
    if (invalid.length) throw fileInvalid(invalid);
    const set: Record<string, unknown> = {};
    if (grant.public) set.public = true;
    const addToSet: Record<string, unknown> = {};
    if (grant.userIds?.length) addToSet.userIds = { $each: grant.userIds };
    if (grant.organIds?.length) addToSet.organIds = { $each: grant.organIds };
    if (Object.keys(set).length || Object.keys(addToSet).length) {
      await this.model.updateMany(
        { _id: { $in: unique } },
        {
          ...(Object.keys(set).length ? { $set: set } : {}),
          ...(Object.keys(addToSet).length ? { $addToSet: addToSet } : {}),
        },
      );
    }
    return this.describe(unique, null, true);
  }

  /** Metadata with download URLs, in the order of `ids`; files the user may not read are left out. */
  async describe(ids: readonly string[], user: AuthUser | null, trusted = false): Promise<FileMeta[]> {
    const valid = ids.filter((id) => Types.ObjectId.isValid(id));
    if (!valid.length) return [];
    const docs = await this.model.find({ _id: { $in: valid } }).lean<FileDoc[]>();
    const byId = new Map(docs.map((d) => [d._id.toHexString(), d]));
    return valid
      .map((id) => byId.get(id))
      .filter((d): d is FileDoc => !!d && (trusted || this.readable(d, user)))
      .map((d) => this.toMeta(d));
  }

  readable(d: FileDoc, user: AuthUser | null): boolean {
    if (d.public) return true;
    if (!user) return false;
    if (user.roles.includes('admin') || d.uploaderId === user.id || d.userIds.includes(user.id)) return true;
    const staffSide = user.roles.some((r) => (STAFF_SIDE as readonly string[]).includes(r));
    return staffSide && d.organIds.some((o) => user.organIds.includes(o));
  }

  async meta(user: AuthUser, id: string): Promise<FileMeta> {
    const d = Types.ObjectId.isValid(id) ? await this.model.findById(id).lean<FileDoc>() : null;
    if (!d || !this.readable(d, user)) throw notFound('文件不存在或无权查看');
    return this.toMeta(d);
  }

  /** The bytes for a download: allowed by public, a valid signature, or the user's access. */
  async content(
    id: string,
    user: AuthUser | null,
    sig: { exp?: string; sig?: string },
  ): Promise<{ doc: FileDoc; body: Buffer }> {
    const d = Types.ObjectId.isValid(id) ? await this.model.findById(id).lean<FileDoc>() : null;
    const ok = d && (d.public || this.validSignature(id, sig) || this.readable(d, user));
    if (!d || !ok) throw notFound('文件不存在或链接已过期');
    const body = await this.storage.get(d.storageKey);
    if (!body) throw notFound('文件不存在或已删除');
    return { doc: d, body };
  }

  // ---------- links ----------

  private sign(id: string, exp: number) {
    return createHmac('sha256', this.secret).update(`file:${id}:${exp}`).digest('base64url');
  }

  private validSignature(id: string, q: { exp?: string; sig?: string }) {
    if (!q.exp || !q.sig || !/^\d{1,12}$/.test(q.exp)) return false;
    const exp = Number(q.exp);
    if (exp * 1000 < this.now().getTime()) return false;
    const want = Buffer.from(this.sign(id, exp));
    const got = Buffer.from(q.sig);
    return want.length === got.length && timingSafeEqual(want, got);
  }

  private toMeta(d: FileDoc): FileMeta {
    const id = d._id.toHexString();
    let url = `/api/v1/files/${id}/content`;
    if (!d.public) {
      // Rounded to the hour so the same file gives the same URL for a while (image caching).
      const exp = Math.ceil(this.now().getTime() / 3600_000) * 3600 + this.urlTtlSeconds;
      url += `?exp=${exp}&sig=${this.sign(id, exp)}`;
    }
    return {
      id,
      purpose: d.purpose,
      name: d.name,
      kind: d.kind,
      mime: d.mime,
      size: d.size,
      sha256: d.sha256,
      createdAt: d.createdAt.toISOString(),
      url,
    };
  }
}

interface Multipart {
  purpose?: string;
  file?: { name: string; body: Buffer; truncated: boolean };
}

const MAX_UPLOAD = Math.max(...Object.values(FILE_RULES).map((r) => r.maxBytes));

function readMultipart(req: IncomingMessage): Promise<Multipart> {
  return new Promise((resolve, reject) => {
    const out: Multipart = {};
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: { files: 1, fields: 5, fieldSize: 200, fileSize: MAX_UPLOAD + 1, parts: 8 },
        defParamCharset: 'utf8',
      });
    } catch {
      reject(unprocessable('MULTIPART_INVALID', '上传内容格式有误'));
      return;
    }
    bb.on('field', (name, value) => {
      if (name === 'purpose') out.purpose = value;
    });
    bb.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = [];
      let truncated = false;
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        truncated = true;
      });
      stream.on('end', () => {
        if (!out.file) out.file = { name: info.filename ?? '', body: Buffer.concat(chunks), truncated };
      });
    });
    bb.on('error', () => reject(unprocessable('MULTIPART_INVALID', '上传内容格式有误')));
    bb.on('close', () => resolve(out));
    req.pipe(bb);
  });
}
