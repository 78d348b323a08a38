import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Image, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  CONSULTATION_TOPICS,
  ConsultationCreateSchema,
  type ConsultationTopic,
  type FaqAskResult,
  type FileMeta,
} from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState } from '../../components/States';
import { ApiRequestError, NETWORK_ERROR_MESSAGE, newIdempotencyKey } from '../../api';
import { CONSULT_ROUTES, consultationsApi } from '../../api/consultations';
import { chooseAndUpload, fileHref } from '../../api/files';
import { notificationsApi, requestSubscribe } from '../../api/notifications';
import { POLICY_ROUTES, policiesApi } from '../../api/policies';
import { useApiData } from '../../hooks/useApiData';
import { ROUTES } from '../../routes';
import { useSession } from '../../store/session';
import './consult.scss';

const MAX_IMAGES = 6;

export default function ConsultAskPage() {
  const params = useRouter().params;
  const session = useSession();
  const initialTopic = CONSULTATION_TOPICS.find((t) => t === decodeURIComponent(params.topic ?? ''));
  const [topic, setTopic] = useState<ConsultationTopic | null>(initialTopic ?? null);
  const [question, setQuestion] = useState('');
  const [images, setImages] = useState<FileMeta[]>([]);
  const [consent, setConsent] = useState<boolean | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [suggest, setSuggest] = useState<FaqAskResult | null>(null);
  const [checking, setChecking] = useState(false);
  const key = useRef(newIdempotencyKey());
  const routes = useApiData(() => consultationsApi.routes({ toast: false }), []);
  // On weapp, the tap that sends the question also asks to be told of the answer (subscribe message).
  const prefs = useApiData(
    () => notificationsApi.preferences({ toast: false }),
    [session?.user.id],
    process.env.TARO_ENV === 'weapp' && !!session,
  );
  const policyId = params.policyId || null;
  const policyTitle = params.policyTitle ? decodeURIComponent(params.policyTitle) : null;
  const sessionId = params.sessionId || null;
  const sessionTitle = params.sessionTitle ? decodeURIComponent(params.sessionTitle) : null;

  // Before sending: look the question up in the FAQ knowledge base as the person types.
  useEffect(() => {
    const q = question.trim();
    if (q.length < 4) {
      setSuggest(null);
      return undefined;
    }
    let live = true;
    const timer = setTimeout(() => {
      setChecking(true);
      policiesApi
        .ask(q.slice(0, 200), { toast: false })
        .then((r) => live && setSuggest(r))
        .catch(() => live && setSuggest(null))
        .finally(() => live && setChecking(false));
    }, 500);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [question]);

  if (!session) {
    return (
      <PageShell className="consult-ask-page">
        <Section title="政策咨询">
          <EmptyState
            title="请先登录"
            description="登录后可向主管部门咨询政策问题，并在“我的咨询”中查看答复"
          />
          <Button type="primary" block onClick={() => void Taro.navigateTo({ url: ROUTES.login })}>
            去登录
          </Button>
        </Section>
      </PageShell>
    );
  }

  const route = topic ? routes.data?.items.find((r) => r.topic === topic) : null;

  const addImages = async () => {
    const added = await chooseAndUpload('consultation-image', MAX_IMAGES - images.length);
    if (added.length) setImages((list) => [...list, ...added].slice(0, MAX_IMAGES));
  };

  const submit = async () => {
    if (busy) return;
    setFormError(null);
    const input = {
      topic: topic ?? undefined,
      question,
      policyId,
      sessionId,
      imageIds: images.map((i) => i.id),
      consentPublish: consent ?? undefined,
    };
    const parsed = ConsultationCreateSchema.safeParse(input);
    if (!parsed.success) {
      const errs: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const k = String(issue.path[0] ?? '');
        if (!errs[k]) errs[k] = issue.message;
      }
      if (errs.topic) errs.topic = '请选择咨询主题';
      if (errs.consentPublish) errs.consentPublish = '请选择是否同意公开问答';
      setErrors(errs);
      return;
    }
    setErrors({});
    const template = prefs.data?.items.find(
      (p) => p.kind === 'consultation.answered' && p.wechat,
    )?.templateId;
    if (template) void requestSubscribe([template]);
    setBusy(true);
    try {
      const { consultation } = await consultationsApi.create(parsed.data, key.current);
      key.current = newIdempotencyKey();
      void Taro.showToast({ title: '已提交', icon: 'success' });
      void Taro.redirectTo({ url: `${CONSULT_ROUTES.detail}?id=${consultation.id}` });
    } catch (e) {
      setFormError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell className="consult-ask-page">
      <Section title="咨询主题">
        <View className="zw-chips" role="radiogroup" aria-label="咨询主题">
          {CONSULTATION_TOPICS.map((t) => (
            <View
              key={t}
              id={`ca-topic-${t}`}
              role="radio"
              aria-checked={topic === t}
              className={`zw-chip ${topic === t ? 'zw-chip--active' : ''}`}
              onClick={() => {
                setTopic(t);
                setErrors(({ topic: _t, ...rest }) => rest);
              }}
            >
              {t}
            </View>
          ))}
        </View>
        {errors.topic ? <Text className="zw-field__error ca-topic-error">{errors.topic}</Text> : null}
        {route ? (
          <Text className="cs-route ca-route">
            {route.organName ?? '主管部门'}受理，承诺 {routes.data?.replyWorkdays ?? 5} 个工作日内答复
          </Text>
        ) : null}
      </Section>

      <Section title="您的问题">
        {policyTitle ? (
          <View
            className="zw-list-item ca-policy"
            onClick={() => void Taro.navigateTo({ url: `${POLICY_ROUTES.detail}?id=${policyId}` })}
          >
            <View className="zw-list-item__main">
              <Text className="zw-list-item__desc">咨询的政策文件</Text>
              <Text className="zw-list-item__title">{policyTitle}</Text>
            </View>
          </View>
        ) : null}
        {sessionTitle ? (
          <View className="zw-list-item ca-session">
            <View className="zw-list-item__main">
              <Text className="zw-list-item__desc">咨询的政务公开讲</Text>
              <Text className="zw-list-item__title">{sessionTitle}</Text>
            </View>
          </View>
        ) : null}
        <Textarea
          id="ca-question"
          className="cs-textarea"
          value={question}
          maxlength={1000}
          aria-label="问题描述"
          placeholder="请描述您遇到的情况和想了解的政策，如：孩子今年出生，育儿补贴怎么申请？"
          onInput={(e) => {
            setQuestion(e.detail.value);
            if (errors.question) setErrors(({ question: _q, ...rest }) => rest);
          }}
        />
        {errors.question ? (
          <Text className="zw-field__error ca-question-error">{errors.question}</Text>
        ) : null}
        <Text className="cs-hint">请勿填写身份证号、银行卡号等敏感信息。{question.length}/1000</Text>

        {checking && !suggest ? <Text className="cs-hint">正在查找相似问题的答复…</Text> : null}
        {suggest?.matched ? (
          <View className="cs-suggest ca-suggest">
            <Text className="cs-suggest__title">以下答复也许能解决您的问题</Text>
            {suggest.answers.map((a) => (
              <View key={a.faq.id} className="ca-suggest-item">
                <Text className="cs-suggest__q">{a.faq.question}</Text>
                <Text className="cs-suggest__a">{a.faq.answer}</Text>
                {a.policy ? (
                  <Text
                    className="cs-suggest__source"
                    onClick={() =>
                      void Taro.navigateTo({ url: `${POLICY_ROUTES.detail}?id=${a.policy!.id}` })
                    }
                  >
                    出自：{a.policy.title} ›
                  </Text>
                ) : null}
              </View>
            ))}
            <Text className="cs-hint">如果以上答复没有解决您的问题，请继续提交咨询。</Text>
          </View>
        ) : null}

        <Text className="zw-field__label">图片（选填，最多{MAX_IMAGES}张）</Text>
        <View className="cs-images">
          {images.map((img) => (
            <View key={img.id} className="cs-image">
              <Image className="cs-image__img" src={fileHref(img)} mode="aspectFill" ariaLabel={img.name} />
              <View
                className="cs-image__remove"
                role="button"
                aria-label={`删除图片${img.name}`}
                onClick={() => setImages((list) => list.filter((x) => x.id !== img.id))}
              >
                删除
              </View>
            </View>
          ))}
          {images.length < MAX_IMAGES ? (
            <View
              id="ca-add-image"
              className="cs-image cs-image--add"
              role="button"
              aria-label="添加图片"
              onClick={() => void addImages()}
            >
              ＋ 添加
            </View>
          ) : null}
        </View>
      </Section>

      <Section title="是否同意公开">
        <Text className="cs-hint">
          答复后，工作人员可能将您的问答去除姓名、电话、证件号码等个人信息后，作为常见问答公开，帮助有同样疑问的群众。
        </Text>
        <View className="zw-chips cs-consent" role="radiogroup" aria-label="是否同意公开问答">
          <View
            id="ca-consent-yes"
            role="radio"
            aria-checked={consent === true}
            className={`zw-chip ${consent === true ? 'zw-chip--active' : ''}`}
            onClick={() => {
              setConsent(true);
              setErrors(({ consentPublish: _c, ...rest }) => rest);
            }}
          >
            同意公开
          </View>
          <View
            id="ca-consent-no"
            role="radio"
            aria-checked={consent === false}
            className={`zw-chip ${consent === false ? 'zw-chip--active' : ''}`}
            onClick={() => {
              setConsent(false);
              setErrors(({ consentPublish: _c, ...rest }) => rest);
            }}
          >
            不同意公开
          </View>
        </View>
        {errors.consentPublish ? (
          <Text className="zw-field__error ca-consent-error">{errors.consentPublish}</Text>
        ) : null}
        {formError ? <View className="zw-form-error ca-form-error">{formError}</View> : null}
        <Button id="ca-submit" type="primary" block loading={busy} onClick={() => void submit()}>
          提交咨询
        </Button>
        <Text className="cs-hint">
          工作人员将在承诺时限内答复，答复后通过消息中心通知您；可在“我的咨询”中查看、评价和追问。
        </Text>
      </Section>
    </PageShell>
  );
}
