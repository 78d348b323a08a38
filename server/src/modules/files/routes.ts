import { z } from 'zod';
import { FileMetaSchema, IdSchema } from '@zwgk/types';
import { route, Reply, type RouteSpec } from '../../platform/routing';
import type { FilesService } from './service';

const Params = z.object({ id: IdSchema });
const SignedQuery = z.object({
  exp: z.string().max(12).optional(),
  sig: z.string().max(100).optional(),
});

export function fileRoutes(files: FilesService): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/files',
      tag: '文件',
      summary: '上传文件',
      description:
        'multipart/form-data：先传文本字段 purpose（用途），再传 file。按文件内容识别类型；' +
        '大小、类型和可上传的角色见各用途的规定。上传后由使用它的记录（申请、政策、咨询…）引用并授权查看。',
      access: 'authenticated',
      response: z.object({ file: FileMetaSchema }),
      errors: [401, 403, 413, 415, 422],
      idempotent: true,
      handler: async ({ user, ctx }) => ({ file: await files.upload(user!, ctx.req) }),
    }),
    route({
      method: 'get',
      path: '/files/:id',
      tag: '文件',
      summary: '文件信息',
      access: 'authenticated',
      params: Params,
      response: z.object({ file: FileMetaSchema }),
      errors: [401, 404],
      handler: async ({ user, params }) => ({ file: await files.meta(user!, params.id) }),
    }),
    route({
      method: 'get',
      path: '/files/:id/content',
      tag: '文件',
      summary: '下载文件',
      description:
        '公开文件直接下载；其他文件需带有效签名（exp、sig，见 FileMeta.url）或有权查看的登录状态。',
      access: 'public',
      params: Params,
      query: SignedQuery,
      errors: [404],
      handler: async ({ user, params, query }) => {
        const { doc, body } = await files.content(params.id, user, query);
        const inline = ['jpg', 'png', 'pdf'].includes(doc.kind);
        const ascii = `file.${doc.kind}`;
        return new Reply(200, body, {
          'Content-Type': doc.mime,
          'Content-Length': String(body.length),
          'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.name)}`,
          'Cache-Control': doc.public ? 'public, max-age=86400' : 'private, max-age=3600',
          ETag: `"${doc.sha256.slice(0, 32)}"`,
        });
      },
    }),
  ];
}
