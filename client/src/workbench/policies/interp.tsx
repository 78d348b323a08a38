import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  INTERPRETATION_FORMS,
  INTERPRETATION_FORM_LABELS,
  INTERPRETATION_SECTIONS,
  InterpretationCreateSchema,
  type FileMeta,
} from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { ErrorState, LoadingState } from '../../components/States';
import { ApiRequestError, NETWORK_ERROR_MESSAGE, newIdempotencyKey } from '../../api';
import { policiesApi } from '../../api/policies';
import { chooseAndUpload, formatSize } from '../../api/files';
import WorkbenchGuard from '../components/WorkbenchGuard';
import '../workbench.scss';
import './policies.scss';

type SectionKey = (typeof INTERPRETATION_SECTIONS)[number]['key'];
type Form = (typeof INTERPRETATION_FORMS)[number];
const EMPTY: Record<SectionKey, string> = {
  purpose: '',
  content: '',
  scope: '',
  process: '',
  changes: '',
  glossary: '',
};

function InterpretationForm({ policyId, id }: { policyId: string; id: string }) {
  const [loading, setLoading] = useState(!!id);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [form, setForm] = useState<Form>('text');
  const [imageUrl, setImageUrl] = useState('');
  const [videoUrl, setVideoUrl] = useState('');
  const [images, setImages] = useState<FileMeta[]>([]);
  const [sections, setSections] = useState<Record<SectionKey, string>>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const idempotencyKey = useRef(newIdempotencyKey());

  useEffect(() => {
    if (!id) return;
    policiesApi.work
      .get(policyId, { toast: false })
      .then((d) => {
        const i = d.interpretations.find((x) => x.id === id);
        if (!i) throw new ApiRequestError('解读不存在', 404, 'NOT_FOUND');
        setTitle(i.title);
        setForm(i.form);
        setImageUrl(i.imageUrl ?? '');
        setVideoUrl(i.videoUrl ?? '');
        setImages(i.images);
        setSections(i.sections);
      })
      .catch((e) => setLoadError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE))
      .finally(() => setLoading(false));
  }, [policyId, id]);

  const save = async () => {
    if (saving) return;
    setFormError(null);
    const input = {
      title,
      form,
      sections,
      imageUrl: imageUrl.trim() || null,
      videoUrl: videoUrl.trim() || null,
      imageIds: images.map((f) => f.id),
    };
    const parsed = InterpretationCreateSchema.safeParse(input);
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[issue.path.length - 1] as string;
        if (!next[key]) next[key] = /[\u4e00-\u9fa5]/.test(issue.message) ? issue.message : '请检查此项';
      }
      setErrors(next);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      if (id) await policiesApi.work.updateInterpretation(id, input, { toast: false });
      else
        await policiesApi.work.createInterpretation(policyId, input, idempotencyKey.current, {
          toast: false,
        });
      idempotencyKey.current = newIdempotencyKey();
      void Taro.showToast({ title: '解读已保存', icon: 'success' });
      setTimeout(() => void Taro.navigateBack(), 500);
    } catch (e) {
      setFormError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      setSaving(false);
    }
  };

  if (loading) return <LoadingState />;
  if (loadError) return <ErrorState message={loadError} />;
  const err = (k: string) =>
    errors[k] ? <Text className={`zw-field__error wbp-error wbp-error--${k}`}>{errors[k]}</Text> : null;

  return (
    <>
      <Section title={id ? '修改解读' : '起草解读'} className="wbp-interp-form">
        {formError ? <View className="zw-form-error wbp-form-error">{formError}</View> : null}
        <View className="zw-field">
          <Text className="zw-field__label">解读标题</Text>
          <Input
            id="wbi-title"
            className="zw-field__input"
            value={title}
            placeholder="如：《××办法》政策解读"
            onInput={(e) => setTitle(e.detail.value)}
          />
          {err('title')}
        </View>
        <View className="zw-field">
          <Text className="zw-field__label">解读形式</Text>
          <View className="zw-chips">
            {INTERPRETATION_FORMS.map((f) => (
              <View
                key={f}
                className={`zw-chip wbi-form wbi-form--${f} ${form === f ? 'zw-chip--active' : ''}`}
                onClick={() => setForm(f)}
              >
                {INTERPRETATION_FORM_LABELS[f]}
              </View>
            ))}
          </View>
        </View>
        {form === 'image' ? (
          <View className="zw-field">
            <Text className="zw-field__label">图解图片（JPG/PNG，不超过5MB；发布前仅本机关可见）</Text>
            {images.map((f) => (
              <View key={f.id} className="wbp-file">
                <Text>{f.name}</Text>
                <Text className="wb-item__meta">{formatSize(f.size)}</Text>
                <View
                  className="wbp-interp__btn"
                  role="button"
                  aria-label={`移除图片 ${f.name}`}
                  onClick={() => setImages(images.filter((x) => x.id !== f.id))}
                >
                  移除
                </View>
              </View>
            ))}
            <View
              id="wbi-upload"
              className="wbp-interp__btn"
              role="button"
              aria-label="上传图解图片"
              onClick={() =>
                void chooseAndUpload('policy-image', 3).then((added) => setImages([...images, ...added]))
              }
            >
              + 上传图解图片
            </View>
            {err('imageIds')}
            <Text className="zw-field__label">或填写图解图片地址</Text>
            <Input
              id="wbi-image"
              className="zw-field__input"
              value={imageUrl}
              placeholder="https://"
              onInput={(e) => setImageUrl(e.detail.value)}
            />
            {err('imageUrl')}
          </View>
        ) : null}
        {form === 'video' ? (
          <View className="zw-field">
            <Text className="zw-field__label">视频链接</Text>
            <Input
              id="wbi-video"
              className="zw-field__input"
              value={videoUrl}
              placeholder="https://"
              onInput={(e) => setVideoUrl(e.detail.value)}
            />
            {err('videoUrl')}
          </View>
        ) : null}
      </Section>
      <Section title="解读内容（用通俗的话说明，不要照抄原文）" className="wbp-interp-sections">
        {INTERPRETATION_SECTIONS.map(({ key, label }) => (
          <View key={key} className="zw-field">
            <Text className="zw-field__label">
              {label}
              {key === 'changes' || key === 'glossary' || key === 'process' ? '（可选）' : ''}
            </Text>
            <Textarea
              id={`wbi-${key}`}
              className="wbp-textarea"
              value={sections[key]}
              maxlength={5000}
              onInput={(e) => setSections({ ...sections, [key]: e.detail.value })}
            />
            {err(key)}
          </View>
        ))}
      </Section>
      <View className="wbp-actions">
        <Button id="wbi-save" type="primary" block loading={saving} onClick={() => void save()}>
          保存解读
        </Button>
      </View>
    </>
  );
}

export default function WorkbenchInterpretationPage() {
  const params = useRouter().params;
  return (
    <PageShell className="wb-interp-page">
      <WorkbenchGuard need="staff">
        {() => <InterpretationForm policyId={params.policyId ?? ''} id={params.id ?? ''} />}
      </WorkbenchGuard>
    </PageShell>
  );
}
