/** 数据看板: typed calls and CSV export. */
import Taro from '@tarojs/taro';
import type { Dashboard, DashboardTable } from '@zwgk/types';
import { getSession } from '../store/session';
import { apiBase } from './base';
import { apiRequest, showErrorToast } from './http';

export const DASHBOARD_ROUTES = { index: '/workbench/dashboard/index' } as const;

export interface DashboardParams {
  organ?: string;
  from?: string;
  to?: string;
}

export const dashboardApi = {
  get: (q: DashboardParams, o: { toast?: boolean } = {}) =>
    apiRequest<Dashboard>('/dashboard', { query: { ...q }, ...o }),
};

function exportUrl(q: DashboardParams, table: DashboardTable): string {
  const parts = Object.entries({ ...q, table })
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return `${apiBase()}/dashboard/export.csv?${parts.join('&')}`;
}

/** Download one table as CSV: a file download on H5; on weapp, download and send it to a chat. */
export async function exportCsv(q: DashboardParams, table: DashboardTable, title: string): Promise<void> {
  const token = getSession()?.token;
  const url = exportUrl(q, table);
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  try {
    if (process.env.TARO_ENV === 'h5') {
      const res = await fetch(url, { headers });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? '导出失败，请稍后重试');
      }
      const blob = await res.blob();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${title}.csv`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      return;
    }
    const res = await Taro.downloadFile({ url, header: headers });
    if (res.statusCode !== 200) throw new Error('导出失败，请稍后重试');
    await (
      Taro as unknown as { shareFileMessage: (o: { filePath: string; fileName: string }) => Promise<void> }
    ).shareFileMessage({ filePath: res.tempFilePath, fileName: `${title}.csv` });
  } catch (e) {
    showErrorToast(e instanceof Error && e.message ? e.message : '导出失败，请稍后重试');
  }
}
