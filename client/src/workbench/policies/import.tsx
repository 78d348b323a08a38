import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { IMPORT_COLUMNS, IMPORT_MAX_ROWS, type ImportReport, type User } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { ApiRequestError, NETWORK_ERROR_MESSAGE, newIdempotencyKey } from '../../api';
import { POLICY_ROUTES, policiesApi } from '../../api/policies';
import WorkbenchGuard from '../components/WorkbenchGuard';
import '../workbench.scss';
import './policies.scss';

const HEADER = IMPORT_COLUMNS.map((c) => c.label).join(',');
const EXAMPLE = `${HEADER}
南昌市社区养老服务驿站运营补贴办法,洪民发〔2026〕3号,,2026-10-12,,民政\\养老服务,养老,其他政策文件,有效,否,"第一条 为支持社区养老服务驿站运营，制定本办法。第二条 补贴标准按服务人次核定。",,,,,`;

/** Read a CSV file the user picks (H5: file input; weapp: a chat file). UTF-8 text. */
async function pickCsv(): Promise<string | null> {
  if (process.env.TARO_ENV === 'h5') {
    return new Promise((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = '.csv,text/csv';
      input.onchange = () => {
        const f = input.files?.[0];
        if (!f) return resolve(null);
        void f.text().then(resolve, () => resolve(null));
      };
      input.click();
    });
  }
  try {
    const r = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['csv'] });
    const path = r.tempFiles[0]?.path;
    if (!path) return null;
    return Taro.getFileSystemManager().readFileSync(path, 'utf8') as string;
  } catch {
    return null;
  }
}

function ImportForm({ user }: { user: User }) {
  const [organId, setOrganId] = useState(user.organs[0]?.id ?? '');
  const [csv, setCsv] = useState('');
  const [publish, setPublish] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const isReviewer = user.roles.includes('reviewer');

  const send = async (dryRun: boolean) => {
    if (!csv.trim()) {
      setError('请粘贴 CSV 内容或选择 CSV 文件');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await policiesApi.work.importPolicies(
        { organId, csv, publish, dryRun },
        dryRun ? newIdempotencyKey() : key.current,
        { toast: false },
      );
      setReport(r);
      if (!dryRun) {
        key.current = newIdempotencyKey();
        void Taro.showToast({ title: `已导入 ${r.total} 件`, icon: 'success' });
      }
    } catch (e) {
      if (e instanceof ApiRequestError) {
        setError(e.message);
        const details = e.details as ImportReport | undefined;
        if (details && Array.isArray(details.errors)) setReport(details);
      } else setError(NETWORK_ERROR_MESSAGE);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Section title="导入说明" className="wbp-import-help">
        <Text className="wbp-hint">
          每行一件文件，首行为表头，最多 {IMPORT_MAX_ROWS} 行。任何一行未通过校验时不会导入任何文件。列名：
          {HEADER}。
          {isReviewer
            ? '审核人员可选择作为已发布的历史文件导入（须填写发布日期，规章、规划、行政规范性文件须带解读）。'
            : '导入的文件为草稿，需提交保密审查后发布。'}
        </Text>
        <View className="wbp-actions">
          <Button onClick={() => setCsv(EXAMPLE)}>填入示例</Button>
          <Button
            id="wbp-import-file"
            onClick={() =>
              void pickCsv().then((t) => {
                if (t !== null) setCsv(t);
              })
            }
          >
            选择 CSV 文件
          </Button>
        </View>
      </Section>
      <Section title="CSV 内容" className="wbp-import">
        {user.organs.length > 1 ? (
          <View className="zw-chips">
            {user.organs.map((o) => (
              <View
                key={o.id}
                className={`zw-chip ${organId === o.id ? 'zw-chip--active' : ''}`}
                onClick={() => setOrganId(o.id)}
              >
                {o.name}
              </View>
            ))}
          </View>
        ) : null}
        <Textarea
          id="wbp-import-csv"
          className="wbp-textarea wbp-textarea--tall"
          value={csv}
          maxlength={-1}
          placeholder="在此粘贴 CSV 内容（可从表格软件另存为 CSV UTF-8）"
          onInput={(e) => setCsv(e.detail.value)}
        />
        {isReviewer ? (
          <View className="zw-chips">
            <View className={`zw-chip ${publish ? '' : 'zw-chip--active'}`} onClick={() => setPublish(false)}>
              导入为草稿
            </View>
            <View
              id="wbp-import-publish"
              className={`zw-chip ${publish ? 'zw-chip--active' : ''}`}
              onClick={() => setPublish(true)}
            >
              作为已发布文件导入
            </View>
          </View>
        ) : null}
        {error ? <View className="zw-form-error wbp-import-error">{error}</View> : null}
        <View className="wbp-actions">
          <Button id="wbp-import-check" loading={busy} onClick={() => void send(true)}>
            仅校验
          </Button>
          <Button id="wbp-import-submit" type="primary" loading={busy} onClick={() => void send(false)}>
            校验并导入
          </Button>
        </View>
      </Section>
      {report ? (
        <Section
          title={report.imported ? '导入结果' : '校验报告'}
          className="wbp-import-report"
          extra={<Text className="wb-count">共 {report.total} 行</Text>}
        >
          {report.errors.length === 0 ? (
            <Text className="wbp-hint wbp-import-ok">
              {report.imported
                ? `全部 ${report.total} 行已导入。`
                : `全部 ${report.total} 行校验通过，可以导入。`}
            </Text>
          ) : null}
          {report.errors.map((e, i) => (
            <View key={i} className="wbp-import-row-error">
              <Text className="zw-tag zw-tag--red">{e.row > 0 ? `第${e.row}行` : '文件'}</Text>
              <Text>
                {e.field ? `【${e.field}】` : ''}
                {e.message}
              </Text>
            </View>
          ))}
          {report.imported
            ? report.rows.map((r) => (
                <View
                  key={r.row}
                  className="zw-list-item"
                  onClick={() =>
                    r.id && void Taro.navigateTo({ url: `${POLICY_ROUTES.workDetail}?id=${r.id}` })
                  }
                >
                  <Text className="zw-list-item__title">
                    第{r.row}行 · {r.title}
                  </Text>
                  <Text className="zw-list-item__arrow">›</Text>
                </View>
              ))
            : null}
        </Section>
      ) : null}
    </>
  );
}

export default function WorkbenchPolicyImportPage() {
  return (
    <PageShell className="wb-policy-import-page">
      <WorkbenchGuard need="staff">{(user) => <ImportForm user={user} />}</WorkbenchGuard>
    </PageShell>
  );
}
