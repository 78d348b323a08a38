import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { User } from '@zwgk/types';
import PageShell from '../../../components/PageShell';
import Section from '../../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { disclosureApi, openServerDocument, reportXlsxUrl } from '../../../api/disclosure';
import { useApiData } from '../../../hooks/useApiData';
import WorkbenchGuard from '../../components/WorkbenchGuard';
import '../../workbench.scss';
import '../disclosure-wb.scss';

function Report({ user }: { user: User }) {
  const thisYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  const [year, setYear] = useState(thisYear);
  const [organId, setOrganId] = useState(user.organs[0]?.id ?? '');
  const { data, loading, error, reload } = useApiData(
    () => disclosureApi.report(year, organId, { toast: false }),
    [year, organId],
    !!organId,
  );
  if (!organId)
    return <EmptyState title="尚未分配所属机关" description="请联系系统管理员分配机关后查看报表" />;
  return (
    <>
      <View className="dq-tabs">
        {[thisYear - 1, thisYear].map((y) => (
          <View
            key={y}
            id={`dr-year-${y}`}
            className={`zw-chip ${y === year ? 'zw-chip--active' : ''}`}
            onClick={() => setYear(y)}
          >
            {y}年度
          </View>
        ))}
        {user.organs.length > 1
          ? user.organs.map((o) => (
              <View
                key={o.id}
                className={`zw-chip ${o.id === organId ? 'zw-chip--active' : ''}`}
                onClick={() => setOrganId(o.id)}
              >
                {o.name}
              </View>
            ))
          : null}
      </View>
      <Section title="三、收到和处理政府信息公开申请情况" className="dr-report">
        {loading && !data ? <LoadingState /> : null}
        {error ? <ErrorState message={error} onRetry={() => void reload()} /> : null}
        {data ? (
          <>
            <View className="dr-table">
              <View className="dr-row dr-row--head">
                <Text className="dr-row__label">{data.organ.name}</Text>
                {data.columns.map((c) => (
                  <Text key={c.key} className="dr-row__cell">
                    {c.label}
                  </Text>
                ))}
              </View>
              {data.rows.map((row) => (
                <View key={row.key} className={`dr-row dr-row--level${row.level} dr-row-${row.key}`}>
                  <Text className="dr-row__label" style={{ paddingLeft: `${8 + row.level * 24}px` }}>
                    {row.label}
                  </Text>
                  {data.columns.map((c) => (
                    <Text key={c.key} className="dr-row__cell">
                      {row.key === 'results' ? '' : (row.values[c.key] ?? 0)}
                    </Text>
                  ))}
                </View>
              ))}
            </View>
            <View className={`dr-check ${data.check.balanced ? 'dr-check--ok' : 'dr-check--bad'}`}>
              勾稽关系 {data.check.formula}：{data.check.balanced ? '各列均平衡' : '存在不平衡的列，请核查'}
            </View>
          </>
        ) : null}
      </Section>
      {data ? (
        <Section title="四、政府信息公开行政复议、行政诉讼情况" className="dr-table4">
          <View className="dr-table">
            <View className="dr-row dr-row--head">
              <Text className="dr-row__label">类型</Text>
              {data.table4.columns.map((c) => (
                <Text key={c.key} className="dr-row__cell">
                  {c.label}
                </Text>
              ))}
            </View>
            {data.table4.blocks.map((b) => (
              <View key={b.key} className={`dr-row dr-row--level1 dr-t4-${b.key}`}>
                <Text className="dr-row__label">{b.label}</Text>
                {data.table4.columns.map((c) => (
                  <Text key={c.key} className="dr-row__cell">
                    {b.values[c.key] ?? 0}
                  </Text>
                ))}
              </View>
            ))}
          </View>
        </Section>
      ) : null}
      {data ? (
        <View className="da-actions">
          <Button
            id="dr-xlsx"
            type="primary"
            block
            onClick={() => void openServerDocument(reportXlsxUrl(year, organId), 'xlsx', true)}
          >
            下载Excel报表（表三、表四）
          </Button>
        </View>
      ) : null}
    </>
  );
}

export default function DisclosureReportPage() {
  return (
    <PageShell className="workbench-page disclosure-report-page">
      <WorkbenchGuard need="staff">{(user) => <Report user={user} />}</WorkbenchGuard>
    </PageShell>
  );
}
