import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useReachBottom, useShareAppMessage } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { POLICY_KINDS, type PolicyKind, type PolicyListItem, type PolicyTopic } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { ApiRequestError, NETWORK_ERROR_MESSAGE } from '../../api';
import { POLICY_ROUTES, policiesApi } from '../../api/policies';
import { CITIZEN_TOPICS } from '../../constants';
import { ROUTES } from '../../routes';
import { setPolicyKeyword, usePolicyKeyword } from '../../store/policySearch';
import { addSearchHistory } from '../policy-search/history';
import PolicyItem from './PolicyItem';
import './index.scss';

const TOPIC_ICONS: Record<string, string> = {
  生育: '育',
  上学: '学',
  就业: '业',
  创业: '创',
  养老: '老',
  医疗: '医',
  纳税: '税',
  社保: '保',
  住房: '房',
};

interface Filters {
  topic?: PolicyTopic;
  kind?: PolicyKind;
  validOnly: boolean;
  sort: 'relevance' | 'date';
}

export default function PolicyPage() {
  const keyword = usePolicyKeyword();
  const [draft, setDraft] = useState(keyword);
  const [filters, setFilters] = useState<Filters>({ validOnly: false, sort: 'relevance' });
  const [items, setItems] = useState<PolicyListItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const ticket = useRef(0);

  useEffect(() => setDraft(keyword), [keyword]);
  useShareAppMessage(() => ({ title: '政策文件 - 掌上政务公开专区', path: ROUTES.policy }));

  const load = useCallback(
    async (more: boolean, after: string | null) => {
      const mine = ++ticket.current;
      setLoading(true);
      setError(null);
      // A new search or filter: never show the previous results under the new heading.
      if (!more) {
        setItems([]);
        setCursor(null);
      }
      try {
        const page = await policiesApi.list(
          {
            q: keyword || undefined,
            topic: filters.topic,
            kind: filters.kind,
            validity: filters.validOnly ? '有效' : undefined,
            sort: keyword ? filters.sort : undefined,
            limit: 15,
            cursor: more ? after : null,
          },
          { toast: false },
        );
        if (mine !== ticket.current) return;
        setItems((prev) => (more ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        if (mine === ticket.current)
          setError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
      } finally {
        if (mine === ticket.current) setLoading(false);
      }
    },
    [keyword, filters],
  );

  useEffect(() => {
    void load(false, null);
  }, [load]);

  const loadMore = () => {
    if (!loading && cursor) void load(true, cursor);
  };
  useReachBottom(loadMore);

  const search = () => {
    setPolicyKeyword(draft);
    addSearchHistory(draft);
  };
  const searching = !!keyword;

  return (
    <PageShell className="policy-page">
      <View className="policy-search">
        <Input
          id="policy-search-input"
          className="policy-search__input"
          value={draft}
          placeholder="搜索标题、文号、解读或问答"
          confirmType="search"
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={search}
        />
        <View id="policy-search-button" className="policy-search__button" onClick={search}>
          搜索
        </View>
      </View>
      <View
        id="policy-open-search"
        className="policy-search__more"
        role="link"
        onClick={() => void Taro.navigateTo({ url: POLICY_ROUTES.search })}
      >
        搜索历史 · 输入联想 ›
      </View>

      <View className="policy-topics">
        {CITIZEN_TOPICS.map((topic) => (
          <View
            key={topic}
            className={`policy-topic policy-topic--${topic} ${filters.topic === topic ? 'policy-topic--active' : ''}`}
            onClick={() => setFilters({ ...filters, topic: filters.topic === topic ? undefined : topic })}
          >
            <View className="policy-topic__icon">{TOPIC_ICONS[topic]}</View>
            <Text className="policy-topic__text">{topic}</Text>
          </View>
        ))}
      </View>

      <View className="zw-chips policy-filters">
        <View
          className={`zw-chip policy-filter-kind ${filters.kind ? '' : 'zw-chip--active'}`}
          onClick={() => setFilters({ ...filters, kind: undefined })}
        >
          全部类型
        </View>
        {POLICY_KINDS.map((kind) => (
          <View
            key={kind}
            className={`zw-chip policy-filter-kind ${filters.kind === kind ? 'zw-chip--active' : ''}`}
            onClick={() => setFilters({ ...filters, kind: filters.kind === kind ? undefined : kind })}
          >
            {kind}
          </View>
        ))}
        <View
          id="policy-filter-valid"
          className={`zw-chip ${filters.validOnly ? 'zw-chip--active' : ''}`}
          onClick={() => setFilters({ ...filters, validOnly: !filters.validOnly })}
        >
          仅看现行有效
        </View>
      </View>

      <Section
        title={searching ? `“${keyword}”的检索结果` : filters.topic ? `${filters.topic}政策` : '最新政策文件'}
        className={searching ? 'policy-result' : 'policy-list'}
        extra={
          searching ? (
            <View className="policy-sort">
              <Text
                className={`policy-sort__item ${filters.sort === 'relevance' ? 'policy-sort__item--active' : ''}`}
                onClick={() => setFilters({ ...filters, sort: 'relevance' })}
              >
                相关度
              </Text>
              <Text
                className={`policy-sort__item ${filters.sort === 'date' ? 'policy-sort__item--active' : ''}`}
                onClick={() => setFilters({ ...filters, sort: 'date' })}
              >
                最新
              </Text>
              <Text
                id="policy-search-clear"
                className="policy-sort__clear"
                onClick={() => setPolicyKeyword('')}
              >
                清除
              </Text>
            </View>
          ) : null
        }
      >
        {items.map((item) => (
          <PolicyItem key={item.id} item={item} searching={searching} />
        ))}
        {loading ? <LoadingState /> : null}
        {error ? <ErrorState message={error} onRetry={() => void load(items.length > 0, cursor)} /> : null}
        {!loading && !error && items.length === 0 ? (
          <EmptyState
            className="policy-empty"
            title={searching ? `没有找到与“${keyword}”相关的政策文件` : '暂无符合条件的政策文件'}
            description={
              searching ? '可以换个关键词，或输入完整的发文字号再试' : '可以调整主题或文件类型后再看'
            }
          />
        ) : null}
        {!loading && cursor ? (
          <View id="policy-load-more" className="policy-more" onClick={loadMore}>
            加载更多
          </View>
        ) : null}
        {!loading && !cursor && items.length > 0 ? (
          <View className="policy-more policy-more--end">已经到底了</View>
        ) : null}
      </Section>

      <Text className="zw-note policy-note">本栏目发布的政策文件以各级行政机关正式印发的文本为准。</Text>
    </PageShell>
  );
}
