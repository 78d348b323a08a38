import { useEffect, useState } from 'react';
import { useShareAppMessage } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState } from '../../components/States';
import { CITIZEN_TOPICS } from '../../constants';
import { useApiData } from '../../hooks/useApiData';
import { ROUTES } from '../../routes';
import { loadMeta } from '../../store/meta';
import { setPolicyKeyword, usePolicyKeyword } from '../../store/policySearch';
import './index.scss';

export default function PolicyPage() {
  const keyword = usePolicyKeyword();
  const [draft, setDraft] = useState(keyword);
  const meta = useApiData(loadMeta, []);

  useEffect(() => setDraft(keyword), [keyword]);
  useShareAppMessage(() => ({ title: '政策文件 - 掌上政务公开专区', path: ROUTES.policy }));

  return (
    <PageShell className="policy-page">
      <View className="policy-search">
        <Input
          id="policy-search-input"
          className="policy-search__input"
          value={draft}
          placeholder="搜索政策文件"
          confirmType="search"
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={() => setPolicyKeyword(draft)}
        />
        <View
          id="policy-search-button"
          className="policy-search__button"
          onClick={() => setPolicyKeyword(draft)}
        >
          搜索
        </View>
      </View>

      <View className="policy-topics zw-chips">
        {CITIZEN_TOPICS.map((topic) => (
          <View
            key={topic}
            className={`zw-chip ${keyword === topic ? 'zw-chip--active' : ''}`}
            onClick={() => setPolicyKeyword(keyword === topic ? '' : topic)}
          >
            {topic}
          </View>
        ))}
      </View>

      {keyword ? (
        <Section title="检索结果" className="policy-result">
          <EmptyState
            className="policy-search-pending"
            title={`政策检索即将开放，暂时无法查询“${keyword}”`}
            description={
              meta.data?.publicPhone
                ? `如需了解相关政策，请拨打政务公开咨询电话 ${meta.data.publicPhone}`
                : undefined
            }
          />
        </Section>
      ) : (
        <Section title="政策文件" className="policy-list">
          <EmptyState title="暂无已发布的政策文件" description="政策文件及图文解读发布后将在此展示" />
        </Section>
      )}

      <Text className="zw-note policy-note">本栏目发布的政策文件以各级行政机关正式印发的文本为准。</Text>
    </PageShell>
  );
}
