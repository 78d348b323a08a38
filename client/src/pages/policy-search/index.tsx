import { useEffect, useRef, useState } from 'react';
import { useReachBottom } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import type { PolicyListItem, Suggestion } from '@zwgk/types';
import Taro from '@tarojs/taro';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { ApiRequestError, NETWORK_ERROR_MESSAGE } from '../../api';
import { POLICY_ROUTES, policiesApi } from '../../api/policies';
import PolicyItem from '../policy/PolicyItem';
import '../policy/index.scss';
import { addSearchHistory, clearSearchHistory, readSearchHistory } from './history';
import './index.scss';

const KIND_LABELS: Record<Suggestion['kind'], string> = { topic: '主题', title: '文件', docNo: '文号' };
const DEBOUNCE_MS = 250;

/** 政策检索: history on the phone, suggestions while typing (debounced), highlighted results. */
export default function PolicySearchPage() {
  const [text, setText] = useState('');
  const [keyword, setKeyword] = useState('');
  const [history, setHistory] = useState<string[]>(() => readSearchHistory());
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [items, setItems] = useState<PolicyListItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const typed = useRef(0);
  const searched = useRef(0);

  // Suggestions: only after a pause in typing, and only the answer to the latest input counts.
  useEffect(() => {
    const q = text.trim();
    const mine = ++typed.current;
    if (!q || q === keyword) {
      setSuggestions([]);
      return undefined;
    }
    const timer = setTimeout(() => {
      policiesApi
        .suggest(q)
        .then((r) => {
          if (mine === typed.current) setSuggestions(r.items);
        })
        .catch(() => {
          if (mine === typed.current) setSuggestions([]);
        });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, keyword]);

  const run = async (q: string, after: string | null) => {
    const mine = ++searched.current;
    setLoading(true);
    setError(null);
    if (!after) setItems([]);
    try {
      const page = await policiesApi.list({ q, limit: 15, cursor: after }, { toast: false });
      if (mine !== searched.current) return;
      setItems((prev) => (after ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (e) {
      if (mine === searched.current)
        setError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      if (mine === searched.current) setLoading(false);
    }
  };

  const search = (value: string) => {
    const q = value.trim();
    if (!q) return;
    setText(q);
    setKeyword(q);
    setSuggestions([]);
    setHistory(addSearchHistory(q));
    void run(q, null);
  };

  const pick = (s: Suggestion) => {
    if (s.kind === 'title' && s.policyId) {
      setHistory(addSearchHistory(s.text));
      void Taro.navigateTo({ url: `${POLICY_ROUTES.detail}?id=${s.policyId}` });
    } else search(s.text);
  };

  useReachBottom(() => {
    if (!loading && cursor && keyword) void run(keyword, cursor);
  });

  return (
    <PageShell className="policy-search-page">
      <View className="ps-bar">
        <Input
          id="ps-input"
          className="ps-input"
          value={text}
          focus
          placeholder="输入标题、文号或关键词"
          confirmType="search"
          aria-label="检索词"
          onInput={(e) => setText(e.detail.value)}
          onConfirm={(e) => search(e.detail.value)}
        />
        <View id="ps-go" className="ps-go" role="button" aria-label="搜索" onClick={() => search(text)}>
          搜索
        </View>
      </View>

      {suggestions.length ? (
        <View className="ps-suggest" role="listbox" aria-label="输入联想">
          {suggestions.map((s) => (
            <View
              key={`${s.kind}:${s.text}`}
              className={`ps-suggest__item ps-suggest__item--${s.kind}`}
              role="option"
              aria-label={`${KIND_LABELS[s.kind]}：${s.text}`}
              onClick={() => pick(s)}
            >
              <Text className="ps-suggest__kind">{KIND_LABELS[s.kind]}</Text>
              <Text className="ps-suggest__text">{s.text}</Text>
            </View>
          ))}
        </View>
      ) : null}

      {!keyword ? (
        <View className="ps-history">
          <View className="ps-history__head">
            <Text>搜索历史（仅保存在本机）</Text>
            {history.length ? (
              <View
                id="ps-history-clear"
                className="ps-history__clear"
                role="button"
                aria-label="清空搜索历史"
                onClick={() => {
                  clearSearchHistory();
                  setHistory([]);
                }}
              >
                清空
              </View>
            ) : null}
          </View>
          {history.length ? (
            <View className="ps-history__list">
              {history.map((h) => (
                <View
                  key={h}
                  className="ps-history__item"
                  role="button"
                  aria-label={`再次搜索 ${h}`}
                  onClick={() => search(h)}
                >
                  {h}
                </View>
              ))}
            </View>
          ) : (
            <Text className="zw-note">
              暂无搜索历史。可输入文件标题、发文字号（括号可用 [ ] 或 ( )）或办事关键词。
            </Text>
          )}
        </View>
      ) : (
        <Section title={`“${keyword}”的检索结果`} className="policy-result ps-result">
          {items.map((item) => (
            <PolicyItem key={item.id} item={item} searching />
          ))}
          {loading ? <LoadingState /> : null}
          {error ? (
            <ErrorState message={error} onRetry={() => void run(keyword, items.length ? cursor : null)} />
          ) : null}
          {!loading && !error && !items.length ? (
            <EmptyState
              title={`没有找到与“${keyword}”相关的政策文件`}
              description="可以换个关键词，或输入完整的发文字号再试"
            />
          ) : null}
          {!loading && cursor ? (
            <View
              className="policy-more"
              role="button"
              aria-label="加载更多"
              onClick={() => void run(keyword, cursor)}
            >
              加载更多
            </View>
          ) : null}
        </Section>
      )}
    </PageShell>
  );
}
