/** Stored files (attachments, photos, ID proofs, reply documents) behind one storage interface. */
import { z } from 'zod';
import { IdSchema, IsoDateTime } from './common';

export const FILE_PURPOSES = [
  'policy-attachment',
  'policy-image',
  'zone-photo',
  'disclosure-id-proof',
  'disclosure-supplement',
  'disclosure-reply',
  'consultation-image',
] as const;
export const FilePurposeSchema = z.enum(FILE_PURPOSES);
export type FilePurpose = z.infer<typeof FilePurposeSchema>;

export type FileKind = 'jpg' | 'png' | 'pdf' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'ofd' | 'zip';

/** What each purpose accepts (checked on the bytes, not the name) and who may upload it. */
export const FILE_RULES: Record<
  FilePurpose,
  { label: string; kinds: FileKind[]; maxBytes: number; uploaders: 'citizen' | 'staff' | 'admin' }
> = {
  'policy-attachment': {
    label: '政策文件附件',
    kinds: ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ofd', 'zip', 'jpg', 'png'],
    maxBytes: 20 * 1024 * 1024,
    uploaders: 'staff',
  },
  'policy-image': { label: '图解图片', kinds: ['jpg', 'png'], maxBytes: 5 * 1024 * 1024, uploaders: 'staff' },
  'zone-photo': { label: '专区照片', kinds: ['jpg', 'png'], maxBytes: 5 * 1024 * 1024, uploaders: 'admin' },
  'disclosure-id-proof': {
    label: '身份证明材料',
    kinds: ['jpg', 'png', 'pdf'],
    maxBytes: 5 * 1024 * 1024,
    uploaders: 'citizen',
  },
  'disclosure-supplement': {
    label: '补正材料',
    kinds: ['jpg', 'png', 'pdf', 'doc', 'docx'],
    maxBytes: 10 * 1024 * 1024,
    uploaders: 'citizen',
  },
  'disclosure-reply': {
    label: '公开的政府信息',
    kinds: ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ofd', 'zip', 'jpg', 'png'],
    maxBytes: 20 * 1024 * 1024,
    uploaders: 'staff',
  },
  'consultation-image': {
    label: '咨询图片',
    kinds: ['jpg', 'png'],
    maxBytes: 5 * 1024 * 1024,
    uploaders: 'citizen',
  },
};

export const FileMetaSchema = z
  .object({
    id: IdSchema,
    purpose: FilePurposeSchema,
    name: z.string().meta({ description: '原文件名（已清理路径和控制字符）' }),
    kind: z.string().meta({ description: '按文件内容识别的类型：jpg、png、pdf、docx …' }),
    mime: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    createdAt: IsoDateTime,
    url: z.string().meta({
      description: '下载地址：公开文件为固定地址；其他文件带签名，1 小时内有效，可直接用于图片和下载',
    }),
  })
  .meta({ id: 'FileMeta' });
export type FileMeta = z.infer<typeof FileMetaSchema>;

/** Lists of attached file ids in request bodies. */
export const FileIdsSchema = z.array(IdSchema).max(10, '附件不超过10个');
