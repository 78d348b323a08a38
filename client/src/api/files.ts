/**
 * Files: upload (Taro.uploadFile, multipart with `purpose` first), choose-and-upload from the
 * album/camera or chat files (weapp) / the file picker (H5), and open a stored file.
 */
import Taro from '@tarojs/taro';
import { FILE_RULES, type ApiError, type FileMeta, type FilePurpose } from '@zwgk/types';
import { getSession } from '../store/session';
import { apiBase } from './base';
import { ApiRequestError, NETWORK_ERROR_MESSAGE, newIdempotencyKey, showErrorToast } from './http';

/** An absolute or same-origin URL for a stored file (FileMeta.url is a server path). */
export function fileHref(meta: Pick<FileMeta, 'url'>): string {
  if (/^https?:/.test(meta.url)) return meta.url;
  const base = apiBase(); // …/api/v1
  return `${base.replace(/\/api\/v1$/, '')}${meta.url}`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1048576) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

/** Upload one local file (a temp path on weapp, a blob: URL on H5). */
export async function uploadFile(purpose: FilePurpose, filePath: string, toast = true): Promise<FileMeta> {
  const token = getSession()?.token;
  let res: Taro.uploadFile.SuccessCallbackResult;
  try {
    res = await Taro.uploadFile({
      url: `${apiBase()}/files`,
      filePath,
      name: 'file',
      formData: { purpose },
      header: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        'Idempotency-Key': newIdempotencyKey(),
      },
    });
  } catch {
    if (toast) showErrorToast(NETWORK_ERROR_MESSAGE);
    throw new ApiRequestError(NETWORK_ERROR_MESSAGE, 0, 'NETWORK_ERROR');
  }
  let data: unknown = res.data;
  try {
    if (typeof data === 'string') data = JSON.parse(data);
  } catch {
    data = null;
  }
  if (res.statusCode === 201 && data && typeof data === 'object' && 'file' in data) {
    return (data as { file: FileMeta }).file;
  }
  const err = (data as ApiError | null)?.error;
  const error = new ApiRequestError(
    err?.message ?? '上传失败，请稍后重试',
    res.statusCode,
    err?.code ?? 'UPLOAD_FAILED',
  );
  if (toast) showErrorToast(error.message);
  throw error;
}

interface Picked {
  path: string;
  size: number;
  name: string;
}

function pickOnH5(accept: string, count: number): Promise<Picked[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = count > 1;
    input.style.display = 'none';
    input.onchange = () => {
      const files = Array.from(input.files ?? []).slice(0, count);
      resolve(files.map((f) => ({ path: URL.createObjectURL(f), size: f.size, name: f.name })));
      input.remove();
    };
    document.body.appendChild(input);
    input.click();
  });
}

const ACCEPT: Record<string, string> = {
  jpg: '.jpg,.jpeg,image/jpeg',
  png: '.png,image/png',
  pdf: '.pdf,application/pdf',
  doc: '.doc',
  docx: '.docx',
  xls: '.xls',
  xlsx: '.xlsx',
  ofd: '.ofd',
  zip: '.zip',
};

/** Let the person pick up to `count` files for `purpose` and upload them; resolves with what uploaded. */
export async function chooseAndUpload(purpose: FilePurpose, count = 1): Promise<FileMeta[]> {
  const rule = FILE_RULES[purpose];
  const imagesOnly = rule.kinds.every((k) => k === 'jpg' || k === 'png');
  let picked: Picked[] = [];
  try {
    if (process.env.TARO_ENV === 'h5') {
      picked = await pickOnH5(rule.kinds.map((k) => ACCEPT[k]).join(','), count);
    } else if (imagesOnly) {
      const r = await Taro.chooseImage({ count, sizeType: ['compressed'] });
      picked = r.tempFiles.map((f) => ({ path: f.path, size: f.size, name: f.path.split('/').pop() ?? '' }));
    } else {
      const r = await Taro.chooseMessageFile({ count, type: 'all' });
      picked = r.tempFiles.map((f) => ({ path: f.path, size: f.size, name: f.name }));
    }
  } catch {
    return []; // cancelled
  }
  const tooBig = picked.find((p) => p.size > rule.maxBytes);
  if (tooBig) {
    showErrorToast(`文件过大：${rule.label}不超过 ${rule.maxBytes / 1048576} MB`);
    return [];
  }
  const out: FileMeta[] = [];
  void Taro.showLoading({ title: '正在上传…', mask: true });
  try {
    for (const p of picked) out.push(await uploadFile(purpose, p.path));
  } finally {
    void Taro.hideLoading();
  }
  return out;
}

/** Open a stored file: preview an image, open a document (weapp), or a new tab (H5). */
export async function openFile(meta: FileMeta): Promise<void> {
  const url = fileHref(meta);
  if (meta.kind === 'jpg' || meta.kind === 'png') {
    await Taro.previewImage({ urls: [url], current: url });
    return;
  }
  if (process.env.TARO_ENV === 'h5') {
    window.open(url, '_blank', 'noopener');
    return;
  }
  try {
    void Taro.showLoading({ title: '正在打开…' });
    const res = await Taro.downloadFile({ url });
    await Taro.openDocument({ filePath: res.tempFilePath, showMenu: true });
  } catch {
    showErrorToast('文件打开失败，请稍后重试');
  } finally {
    void Taro.hideLoading();
  }
}
