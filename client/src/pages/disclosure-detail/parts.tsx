/** Parts of the request detail shared by the applicant's page and the workbench. */
import { Text, View } from '@tarojs/components';
import type { DisclosureRequest, DisclosureStatus, FileMeta } from '@zwgk/types';
import { formatSize, openFile } from '../../api/files';

export const OPEN_STATUSES: DisclosureStatus[] = [
  'submitted',
  'supplement_requested',
  'processing',
  'consulting',
  'fee_pending',
  'in_review',
];
const OPEN: string[] = OPEN_STATUSES;

export function formatTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

/** The deadline as the applicant and staff see it. */
export function DueBanner({
  r,
}: {
  r: Pick<
    DisclosureRequest,
    | 'status'
    | 'receivedOn'
    | 'dueOn'
    | 'workingDaysLeft'
    | 'dueSoon'
    | 'overdue'
    | 'provisional'
    | 'supplement'
    | 'fee'
  >;
}) {
  if (r.status === 'submitted')
    return (
      <View className="dd-due dd-due-banner">
        <Text className="dd-due__main">等待受理机关登记</Text>
        <Text className="dd-due__sub">受理机关确认收到申请后，自收到之日起20个工作日内答复。</Text>
      </View>
    );
  if (r.status === 'supplement_requested' && r.supplement)
    return (
      <View className="dd-due dd-due--soon dd-due-banner">
        <Text className="dd-due__main">请于 {r.supplement.dueOn} 前补正</Text>
        <Text className="dd-due__sub">补正期间答复期限暂停，收到补正材料之日起重新计算。</Text>
      </View>
    );
  if (r.status === 'fee_pending' && r.fee)
    return (
      <View className="dd-due dd-due--soon dd-due-banner">
        <Text className="dd-due__main">
          请于 {r.fee.payBy} 前缴纳信息处理费 {r.fee.amount} 元
        </Text>
        <Text className="dd-due__sub">
          缴费期间答复期限暂停；逾期未缴纳的，受理机关将不再处理本申请（《政府信息公开信息处理费管理办法》）。
        </Text>
      </View>
    );
  if (!r.dueOn) return null;
  const open = OPEN.includes(r.status);
  const cls = r.overdue ? 'dd-due--overdue' : r.dueSoon ? 'dd-due--soon' : '';
  return (
    <View className={`dd-due ${cls} dd-due-banner`}>
      <Text className="dd-due__main">
        {open ? `答复期限：${r.dueOn}` : `答复期限为 ${r.dueOn}`}
        {open && r.workingDaysLeft !== null
          ? r.overdue
            ? `（已超期${-r.workingDaysLeft}个工作日）`
            : `（剩余${r.workingDaysLeft}个工作日）`
          : ''}
      </Text>
      <Text className="dd-due__sub">
        收到申请日期：{r.receivedOn}。期限按工作日计算，已扣除法定节假日并计入调休上班日
        {r.provisional ? '；所跨年份放假安排尚未公布，期限为预计日期，以国务院通知为准' : ''}。
      </Text>
    </View>
  );
}

export function Timeline({ r }: { r: DisclosureRequest }) {
  return (
    <View className="dd-timeline">
      {[...r.timeline].reverse().map((t, i) => (
        <View key={`${t.at}-${i}`} className={`dd-step dd-step--${t.action}`}>
          <Text className="dd-step__label">{t.label}</Text>
          <Text className="dd-step__meta">
            {formatTime(t.at)} · {t.actor}
          </Text>
          {t.note ? <Text className="dd-step__note">{t.note}</Text> : null}
        </View>
      ))}
    </View>
  );
}

/** Attached files as tappable rows: images preview, documents open (weapp) or a new tab (H5). */
export function FileList({
  files,
  onRemove,
  idPrefix = 'file',
}: {
  files: FileMeta[];
  onRemove?: (id: string) => void;
  idPrefix?: string;
}) {
  if (!files.length) return null;
  return (
    <View className="dd-files">
      {files.map((f, i) => (
        <View key={f.id} className="dd-file">
          <View
            id={`${idPrefix}-${i}`}
            className="dd-file__name"
            role="link"
            aria-label={`打开${f.name}`}
            onClick={() => void openFile(f)}
          >
            {f.name}
          </View>
          <Text className="dd-file__size">{formatSize(f.size)}</Text>
          {onRemove ? (
            <View
              className="dd-file__remove"
              role="button"
              aria-label={`移除${f.name}`}
              onClick={() => onRemove(f.id)}
            >
              移除
            </View>
          ) : null}
        </View>
      ))}
    </View>
  );
}
