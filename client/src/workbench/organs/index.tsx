import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { ORGAN_LEVELS, OrganCreateSchema, type Organ } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { ApiRequestError, NETWORK_ERROR_MESSAGE, api, newIdempotencyKey } from '../../api';
import { useApiData } from '../../hooks/useApiData';
import WorkbenchGuard from '../components/WorkbenchGuard';
import '../workbench.scss';

type Level = (typeof ORGAN_LEVELS)[number];
type Field = 'name' | 'code' | 'level' | 'parentId';

function OrganManager() {
  const organs = useApiData(() => api.organs.list({ toast: false }), []);
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [level, setLevel] = useState<Level | null>(null);
  const [parentId, setParentId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const idempotencyKey = useRef(newIdempotencyKey());

  const items: Organ[] = organs.data?.items ?? [];
  const nameOf = (id: string | null) => items.find((o) => o.id === id)?.name;

  const submit = async () => {
    if (submitting) return;
    setFormError(null);
    const parsed = OrganCreateSchema.safeParse({ name, code, level: level ?? undefined, parentId });
    if (!parsed.success) {
      const next: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field;
        if (!next[field]) next[field] = field === 'level' ? '请选择机关层级' : issue.message;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      const { organ } = await api.organs.create(parsed.data, idempotencyKey.current);
      idempotencyKey.current = newIdempotencyKey();
      setName('');
      setCode('');
      setLevel(null);
      setParentId(null);
      void Taro.showToast({ title: `已添加${organ.name}`, icon: 'none' });
      await organs.reload();
    } catch (e) {
      setFormError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      setSubmitting(false);
    }
  };

  const fieldError = (field: Field) =>
    errors[field] ? (
      <Text className={`zw-field__error organ-error organ-error--${field}`}>{errors[field]}</Text>
    ) : null;

  return (
    <>
      <Section
        title="机关列表"
        className="organs-list"
        extra={organs.data ? <Text className="wb-count">共 {items.length} 个</Text> : null}
      >
        {organs.loading && !organs.data ? <LoadingState /> : null}
        {organs.error ? <ErrorState message={organs.error} onRetry={() => void organs.reload()} /> : null}
        {organs.data && items.length === 0 ? (
          <EmptyState title="暂无机关" description="请在下方添加第一个机关" />
        ) : null}
        {items.map((organ) => (
          <View key={organ.id} className="zw-list-item organ-item">
            <View className="zw-list-item__main wb-item">
              <View className="wb-item__head">
                <Text className="wb-item__name organ-item__name">{organ.name}</Text>
                <Text className="zw-tag zw-tag--red">{organ.level}级</Text>
              </View>
              <Text className="wb-item__meta">
                机关代码 {organ.code}
                {organ.parentId ? ` · 上级：${nameOf(organ.parentId) ?? '—'}` : ''}
              </Text>
            </View>
          </View>
        ))}
      </Section>

      <Section title="添加机关" className="organ-form">
        {formError ? <View className="zw-form-error organ-form-error">{formError}</View> : null}
        <View className="zw-field">
          <Text className="zw-field__label">机关名称</Text>
          <Input
            id="organ-name"
            className="zw-field__input"
            value={name}
            maxlength={60}
            placeholder="如：某某市人民政府办公室"
            onInput={(e) => setName(e.detail.value)}
          />
          {fieldError('name')}
        </View>
        <View className="zw-field">
          <Text className="zw-field__label">机关代码（2到32位字母、数字或短横线）</Text>
          <Input
            id="organ-code"
            className="zw-field__input"
            value={code}
            maxlength={32}
            placeholder="如：city-gov-office"
            onInput={(e) => setCode(e.detail.value)}
          />
          {fieldError('code')}
        </View>
        <View className="zw-field">
          <Text className="zw-field__label">层级</Text>
          <View className="zw-chips">
            {ORGAN_LEVELS.map((l) => (
              <View
                key={l}
                className={`zw-chip organ-level organ-level--${l} ${level === l ? 'zw-chip--active' : ''}`}
                onClick={() => setLevel(l)}
              >
                {l}级
              </View>
            ))}
          </View>
          {fieldError('level')}
        </View>
        {items.length ? (
          <View className="zw-field">
            <Text className="zw-field__label">上级机关（可不选）</Text>
            <View className="zw-chips">
              <View
                className={`zw-chip organ-parent ${parentId === null ? 'zw-chip--active' : ''}`}
                onClick={() => setParentId(null)}
              >
                无
              </View>
              {items.map((o) => (
                <View
                  key={o.id}
                  className={`zw-chip organ-parent ${parentId === o.id ? 'zw-chip--active' : ''}`}
                  onClick={() => setParentId(o.id)}
                >
                  {o.name}
                </View>
              ))}
            </View>
            {fieldError('parentId')}
          </View>
        ) : null}
        <Button id="organ-submit" type="primary" block loading={submitting} onClick={() => void submit()}>
          添加机关
        </Button>
      </Section>
    </>
  );
}

export default function WorkbenchOrgansPage() {
  return (
    <PageShell className="organs-page">
      <WorkbenchGuard need="admin">{() => <OrganManager />}</WorkbenchGuard>
    </PageShell>
  );
}
