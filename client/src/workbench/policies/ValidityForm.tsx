/** 已修改 / 失效 / 废止 of a published document, with the document that amends or replaces it. */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { PolicyListItem } from '@zwgk/types';
import Section from '../../components/Section';
import { ApiRequestError, NETWORK_ERROR_MESSAGE } from '../../api';
import { policiesApi } from '../../api/policies';

type Change = '已修改' | '失效' | '废止';
const HINT: Record<Change, string> = {
  已修改: '请选择修改本文件的新文件（必选）',
  失效: '请选择替代本文件的现行文件（可选）',
  废止: '废止可不关联文件',
};

export default function ValidityForm({ policyId, onDone }: { policyId: string; onDone: () => void }) {
  const [validity, setValidity] = useState<Change>('失效');
  const [q, setQ] = useState('');
  const [found, setFound] = useState<PolicyListItem[]>([]);
  const [related, setRelated] = useState<PolicyListItem | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const search = async () => {
    if (!q.trim()) return;
    try {
      const r = await policiesApi.list({ q: q.trim(), limit: 8 }, { toast: false });
      setFound(r.items.filter((i) => i.id !== policyId));
    } catch (e) {
      setError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    }
  };

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await policiesApi.work.changeValidity(policyId, { validity, relatedId: related?.id ?? null, reason });
      void Taro.showToast({ title: `已标注为${validity}`, icon: 'success' });
      onDone();
    } catch (e) {
      setError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="变更有效性" className="wbp-validity">
      <View className="zw-chips">
        {(['已修改', '失效', '废止'] as Change[]).map((v) => (
          <View
            key={v}
            className={`zw-chip wbp-validity-${v} ${validity === v ? 'zw-chip--active' : ''}`}
            onClick={() => setValidity(v)}
          >
            {v}
          </View>
        ))}
      </View>
      <Text className="wbp-hint">{HINT[validity]}</Text>
      {validity !== '废止' ? (
        <>
          <View className="wbp-validity-search">
            <Input
              className="zw-field__input"
              value={q}
              placeholder="输入标题或文号查找已发布文件"
              confirmType="search"
              onInput={(e) => setQ(e.detail.value)}
              onConfirm={() => void search()}
            />
            <Button size="small" onClick={() => void search()}>
              查找
            </Button>
          </View>
          {found.map((f) => (
            <View
              key={f.id}
              className={`zw-list-item wbp-validity-option ${related?.id === f.id ? 'zw-chip--active' : ''}`}
              role="option"
              aria-selected={related?.id === f.id}
              aria-label={f.title}
              onClick={() => setRelated(f)}
            >
              <Text className="zw-list-item__title">
                {f.title}
                {f.docNo ? `（${f.docNo}）` : ''}
              </Text>
            </View>
          ))}
          {related ? <Text className="wbp-hint">已选择：《{related.title}》</Text> : null}
        </>
      ) : null}
      <Textarea
        className="wbp-textarea"
        value={reason}
        maxlength={500}
        placeholder="变更原因（至少4个字），如：已被新文件替代"
        onInput={(e) => setReason(e.detail.value)}
      />
      {error ? <View className="zw-form-error">{error}</View> : null}
      <Button id="wbp-validity-submit" type="primary" block loading={busy} onClick={() => void submit()}>
        确认变更
      </Button>
    </Section>
  );
}
