import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  KINDS_NEEDING_INTERPRETATION,
  POLICY_KINDS,
  POLICY_TOPICS,
  PolicyCreateSchema,
  type PolicyKind,
  type PolicyTopic,
  type User,
} from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { ErrorState, LoadingState } from '../../components/States';
import { ApiRequestError, NETWORK_ERROR_MESSAGE, newIdempotencyKey } from '../../api';
import { POLICY_ROUTES, policiesApi } from '../../api/policies';
import WorkbenchGuard from '../components/WorkbenchGuard';
import '../workbench.scss';
import './policies.scss';

type Field =
  'title' | 'organId' | 'docNo' | 'indexNo' | 'writtenAt' | 'category' | 'topics' | 'kind' | 'body';

/** Sanitized HTML → editable paragraphs (one per line). */
function htmlToParagraphs(html: string): string {
  return html
    .replace(/<\/(p|h3|h4|li|tr|div|blockquote)>/gi, '\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}

function toggleIn<T>(list: T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

function PolicyForm({ user, id }: { user: User; id: string }) {
  const [loading, setLoading] = useState(!!id);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [organId, setOrganId] = useState(user.organs[0]?.id ?? '');
  const [docNo, setDocNo] = useState('');
  const [indexNo, setIndexNo] = useState('');
  const [writtenAt, setWrittenAt] = useState('');
  const [category, setCategory] = useState('');
  const [topics, setTopics] = useState<PolicyTopic[]>([]);
  const [kind, setKind] = useState<PolicyKind>('行政规范性文件');
  const [needsInterpretation, setNeedsInterpretation] = useState(false);
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const idempotencyKey = useRef(newIdempotencyKey());

  useEffect(() => {
    if (!id) return;
    policiesApi.work
      .get(id, { toast: false })
      .then(({ policy: p }) => {
        setTitle(p.title);
        setOrganId(p.organId);
        setDocNo(p.docNo ?? '');
        setIndexNo(p.indexNo ?? '');
        setWrittenAt(p.writtenAt);
        setCategory(p.category);
        setTopics(p.topics);
        setKind(p.kind);
        setNeedsInterpretation(p.needsInterpretation);
        setBody(htmlToParagraphs(p.body));
      })
      .catch((e) => setLoadError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE))
      .finally(() => setLoading(false));
  }, [id]);

  const save = async () => {
    if (saving) return;
    setFormError(null);
    const input = {
      title,
      organId,
      docNo: docNo.trim() || null,
      indexNo: indexNo.trim() || null,
      writtenAt,
      category,
      topics,
      kind,
      needsInterpretation,
      body,
    };
    const parsed = PolicyCreateSchema.safeParse(input);
    if (!parsed.success) {
      const next: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field;
        if (!next[field]) next[field] = /[\u4e00-\u9fa5]/.test(issue.message) ? issue.message : '请检查此项';
      }
      setErrors(next);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      if (id) {
        const { organId: _organ, ...update } = parsed.data;
        void _organ;
        await policiesApi.work.update(id, update, { toast: false });
        void Taro.showToast({ title: '已保存', icon: 'success' });
        setTimeout(() => void Taro.navigateBack(), 500);
      } else {
        const created = await policiesApi.work.create(parsed.data, idempotencyKey.current, { toast: false });
        idempotencyKey.current = newIdempotencyKey();
        void Taro.redirectTo({ url: `${POLICY_ROUTES.workDetail}?id=${created.policy.id}` });
      }
    } catch (e) {
      setFormError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      setSaving(false);
    }
  };

  if (loading) return <LoadingState />;
  if (loadError) return <ErrorState message={loadError} />;

  const fieldError = (f: Field) =>
    errors[f] ? <Text className={`zw-field__error wbp-error wbp-error--${f}`}>{errors[f]}</Text> : null;
  const input = (f: Field, label: string, value: string, set: (v: string) => void, placeholder: string) => (
    <View className="zw-field">
      <Text className="zw-field__label">{label}</Text>
      <Input
        id={`wbp-${f}`}
        className="zw-field__input"
        value={value}
        placeholder={placeholder}
        onInput={(e) => set(e.detail.value)}
      />
      {fieldError(f)}
    </View>
  );

  return (
    <>
      <Section title={id ? '修改文件' : '起草文件'} className="wbp-form">
        {formError ? <View className="zw-form-error wbp-form-error">{formError}</View> : null}
        {input('title', '标题', title, setTitle, '如：江西省××管理办法')}
        {!id && user.organs.length > 1 ? (
          <View className="zw-field">
            <Text className="zw-field__label">发文机关</Text>
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
          </View>
        ) : (
          <View className="wbp-meta-row">
            <Text className="wbp-meta-row__key">发文机关</Text>
            <Text className="wbp-meta-row__value">
              {user.organs.find((o) => o.id === organId)?.name ?? '—'}
            </Text>
          </View>
        )}
        {fieldError('organId')}
        {input('docNo', '发文字号（可不填）', docNo, setDocNo, '如：赣府公开办字〔2026〕3号')}
        {input(
          'indexNo',
          '索引号（可不填，发布时自动编制）',
          indexNo,
          setIndexNo,
          '如：000014349/2026-00012',
        )}
        {input('writtenAt', '成文日期', writtenAt, setWrittenAt, 'YYYY-MM-DD，如 2026-11-20')}
        {input('category', '主题分类', category, setCategory, '如：综合政务\\政务公开')}
      </Section>

      <Section title="文件类型" className="wbp-kinds">
        <View className="zw-chips">
          {POLICY_KINDS.map((k) => (
            <View
              key={k}
              className={`zw-chip wbp-kind ${kind === k ? 'zw-chip--active' : ''}`}
              onClick={() => setKind(k)}
            >
              {k}
            </View>
          ))}
        </View>
        {KINDS_NEEDING_INTERPRETATION.includes(kind) ? (
          <Text className="zw-note">{kind}须与政策解读同步审签、同步发布。</Text>
        ) : (
          <View
            id="wbp-needs-interp"
            className={`zw-chip ${needsInterpretation ? 'zw-chip--active' : ''}`}
            onClick={() => setNeedsInterpretation(!needsInterpretation)}
          >
            涉及面广、需同步解读
          </View>
        )}
      </Section>

      <Section title="群众主题" className="wbp-topics">
        <View className="zw-chips">
          {POLICY_TOPICS.map((t) => (
            <View
              key={t}
              className={`zw-chip wbp-topic ${topics.includes(t) ? 'zw-chip--active' : ''}`}
              onClick={() => setTopics(toggleIn(topics, t))}
            >
              {t}
            </View>
          ))}
        </View>
        {fieldError('topics')}
      </Section>

      <Section title="正文" className="wbp-body-field">
        <Textarea
          id="wbp-body"
          className="wbp-textarea wbp-textarea--tall"
          value={body}
          maxlength={-1}
          placeholder="每段一行；发布前经保密审查"
          onInput={(e) => setBody(e.detail.value)}
        />
        {fieldError('body')}
      </Section>

      <View className="wbp-actions">
        <Button id="wbp-save" type="primary" block loading={saving} onClick={() => void save()}>
          {id ? '保存修改' : '保存草稿'}
        </Button>
      </View>
    </>
  );
}

export default function WorkbenchPolicyEditPage() {
  const id = useRouter().params.id ?? '';
  return (
    <PageShell className="wb-policy-edit-page">
      <WorkbenchGuard need="staff">{(user) => <PolicyForm user={user} id={id} />}</WorkbenchGuard>
    </PageShell>
  );
}
