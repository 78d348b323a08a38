/**
 * Related policies of a session: the chosen documents by title and 文号, found by searching the
 * published library (the same search citizens use), each removable. A chosen document that is
 * no longer published shows as such (the API gives organizers its id with a null title).
 */
import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { PolicyListItem } from '@zwgk/types';
import { ApiRequestError, NETWORK_ERROR_MESSAGE } from '../../api';
import { policiesApi } from '../../api/policies';

export interface PolicyRef {
  id: string;
  title: string | null;
  docNo: string | null;
}

/** At most this many related policies (the API's limit). */
export const MAX_RELATED = 10;

export default function PolicyPicker(props: { value: PolicyRef[]; onChange: (v: PolicyRef[]) => void }) {
  const { value, onChange } = props;
  const [q, setQ] = useState('');
  const [results, setResults] = useState<PolicyListItem[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const chosen = new Set(value.map((p) => p.id));

  const search = async () => {
    const text = q.trim();
    if (!text) return setError('请输入政策标题中的词语或发文字号');
    setError('');
    setLoading(true);
    try {
      const page = await policiesApi.list({ q: text, limit: 8 }, { toast: false });
      setResults(page.items);
    } catch (e) {
      setResults(null);
      setError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      setLoading(false);
    }
  };

  return (
    <View className="wbs-policies">
      {value.length ? (
        value.map((p) => (
          <View key={p.id} className="wbs-policy wbs-policy--chosen">
            <View className="wbs-policy__text">
              <Text className="wbs-policy__title">{p.title ?? '该文件未发布或已撤回（群众不可见）'}</Text>
              {p.docNo ? <Text className="wbs-policy__docno">{p.docNo}</Text> : null}
            </View>
            <Button
              size="small"
              fill="outline"
              className="wbs-policy__remove"
              aria-label={`移除${p.title ?? '该文件'}`}
              onClick={() => onChange(value.filter((x) => x.id !== p.id))}
            >
              移除
            </Button>
          </View>
        ))
      ) : (
        <Text className="wbs-policies__empty">尚未关联政策文件（选填）</Text>
      )}
      <View className="wbs-policies__search">
        <Input
          id="wbs-policy-q"
          className="zw-field__input wbs-policies__input"
          value={q}
          maxlength={60}
          placeholder="搜索已发布的政策：标题或发文字号"
          aria-label="搜索要关联的政策文件"
          confirmType="search"
          onInput={(e) => setQ(e.detail.value)}
          onConfirm={() => void search()}
        />
        <Button
          id="wbs-policy-search"
          size="small"
          type="primary"
          loading={loading}
          onClick={() => void search()}
        >
          搜索
        </Button>
      </View>
      {error ? <Text className="zw-form-error wbs-policies__error">{error}</Text> : null}
      {results && !results.length ? (
        <Text className="wbs-policies__empty">没有找到已发布的相关政策文件</Text>
      ) : null}
      {results?.map((p) => (
        <View key={p.id} className="wbs-policy wbs-policy--result">
          <View className="wbs-policy__text">
            <Text className="wbs-policy__title">{p.title}</Text>
            <Text className="wbs-policy__docno">{[p.docNo, p.organName].filter(Boolean).join(' · ')}</Text>
          </View>
          <Button
            size="small"
            className="wbs-policy__add"
            disabled={chosen.has(p.id) || value.length >= MAX_RELATED}
            onClick={() => onChange([...value, { id: p.id, title: p.title, docNo: p.docNo ?? null }])}
          >
            {chosen.has(p.id) ? '已关联' : '关联'}
          </Button>
        </View>
      ))}
      {value.length >= MAX_RELATED ? (
        <Text className="wbs-policies__empty">最多关联 {MAX_RELATED} 份政策文件</Text>
      ) : null}
    </View>
  );
}
