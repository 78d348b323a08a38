import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { User } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { beijingDateTime, policiesApi } from '../../api/policies';
import { useApiData } from '../../hooks/useApiData';
import WorkbenchGuard from '../components/WorkbenchGuard';
import FaqEditor from './FaqEditor';
import '../workbench.scss';
import './policies.scss';

/** Standalone FAQs of the organ (not attached to a document): list, add, edit. */
function Faqs({ user }: { user: User }) {
  const organId = user.organs[0]?.id ?? '';
  const list = useApiData(() => policiesApi.work.faqs({ standalone: true }, { toast: false }), []);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <>
      <Section title="新增独立问答" className="wbp-faq-new">
        <Text className="wbp-hint">独立问答不关联具体文件，保存后立即进入政策问答知识库。</Text>
        <FaqEditor organId={organId} policyId={null} onDone={() => void list.reload()} />
      </Section>
      <Section
        title="本机关的独立问答"
        className="wbp-faq-list"
        extra={list.data ? <Text className="wb-count">共 {list.data.items.length} 条</Text> : null}
      >
        {list.loading && !list.data ? <LoadingState /> : null}
        {list.error ? <ErrorState message={list.error} onRetry={() => void list.reload()} /> : null}
        {list.data && !list.data.items.length ? <EmptyState title="暂无独立问答" /> : null}
        {list.data?.items.map((f) =>
          editing === f.id ? (
            <FaqEditor
              key={f.id}
              organId={organId}
              policyId={null}
              faq={f}
              onCancel={() => setEditing(null)}
              onDone={() => {
                setEditing(null);
                void list.reload();
              }}
            />
          ) : (
            <View key={f.id} className="wbp-faq">
              <Text className="wbp-faq__q">问：{f.question}</Text>
              <Text className="wbp-faq__a">答：{f.answer}</Text>
              <View className="wbp-faq__foot">
                <Text className="wb-item__meta">更新于 {beijingDateTime(f.updatedAt)}</Text>
                <View
                  className="wbp-interp__btn"
                  role="button"
                  aria-label={`编辑问答：${f.question}`}
                  onClick={() => setEditing(f.id)}
                >
                  编辑
                </View>
              </View>
            </View>
          ),
        )}
      </Section>
    </>
  );
}

export default function WorkbenchFaqsPage() {
  return (
    <PageShell className="wb-policy-faqs-page">
      <WorkbenchGuard need="staff">{(user) => <Faqs user={user} />}</WorkbenchGuard>
    </PageShell>
  );
}
