import { useEffect, useState } from 'react';
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { Image, RichText, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  INTERPRETATION_FORM_LABELS,
  INTERPRETATION_SECTIONS,
  type FaqAskResult,
  type Interpretation,
  type PolicyDetail,
} from '@zwgk/types';
import PageShell from '../../components/PageShell';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { ApiRequestError, NETWORK_ERROR_MESSAGE } from '../../api';
import { POLICY_ROUTES, beijingDate, policiesApi } from '../../api/policies';
import { useApiData } from '../../hooks/useApiData';
import { useSession } from '../../store/session';
import { formatSize, openFile } from '../../api/files';
import { ROUTES } from '../../routes';
import { CONSULT_ROUTES } from '../../api/consultations';
import ValidityBadge from '../policy/ValidityBadge';
import './index.scss';

type Tab = 'body' | 'interp' | 'faq';

function Meta({ d }: { d: PolicyDetail }) {
  const p = d.policy;
  const rows: [string, string][] = [
    ['索引号', p.indexNo ?? '—'],
    ['发文机关', p.organName],
    ['发文字号', p.docNo ?? '—'],
    ['主题分类', p.category],
    ['成文日期', p.writtenAt],
    ['发布日期', beijingDate(p.publishedAt)],
    ['文件类型', p.kind],
    ['有效性', p.validity],
  ];
  return (
    <View className="pd-meta">
      {rows.map(([k, v]) => (
        <View key={k} className="pd-meta__row">
          <Text className="pd-meta__key">{k}</Text>
          <Text className={`pd-meta__value pd-meta__value--${k}`}>{v}</Text>
        </View>
      ))}
    </View>
  );
}

function ValidityNotice({ d }: { d: PolicyDetail }) {
  const p = d.policy;
  if (p.validity === '有效') return null;
  const link = p.validity === '已修改' ? p.amendedBy : p.replacedBy;
  const text =
    p.validity === '已修改'
      ? '本文件部分内容已被修改，请结合修改文件阅读：'
      : p.validity === '失效'
        ? '本文件已失效，现行文件为：'
        : '本文件已废止，不再执行。';
  return (
    <View className={`pd-notice pd-notice--${p.validity === '已修改' ? 'amended' : 'invalid'}`}>
      <Text className="pd-notice__text">{text}</Text>
      {link ? (
        <Text
          className="pd-notice__link pd-replaced-by"
          onClick={() => void Taro.navigateTo({ url: `${POLICY_ROUTES.detail}?id=${link.id}` })}
        >
          《{link.title}》{link.docNo ? `（${link.docNo}）` : ''}
        </Text>
      ) : null}
    </View>
  );
}

function InterpretationView({ i }: { i: Interpretation }) {
  return (
    <View className="pd-interp">
      <View className="pd-interp__head">
        <Text className="pd-interp__title">{i.title}</Text>
        <Text className="pd-interp__form">{INTERPRETATION_FORM_LABELS[i.form]}</Text>
      </View>
      {i.form === 'image' && i.imageUrl ? (
        <Image className="pd-interp__image" src={i.imageUrl} mode="widthFix" />
      ) : null}
      {i.images.map((img) => (
        <Image
          key={img.id}
          className="pd-interp__image"
          src={img.url}
          mode="widthFix"
          aria-label={`图解：${img.name}`}
        />
      ))}
      {i.form === 'video' && i.videoUrl ? (
        <View
          className="pd-interp__video"
          onClick={() =>
            void Taro.setClipboardData({ data: i.videoUrl! }).then(() =>
              Taro.showToast({ title: '视频链接已复制，可在浏览器中打开', icon: 'none' }),
            )
          }
        >
          视频解读：点击复制视频链接
        </View>
      ) : null}
      {INTERPRETATION_SECTIONS.map(({ key, label }) =>
        i.sections[key] ? (
          <View key={key} className={`pd-interp__section pd-interp__section--${key}`}>
            <Text className="pd-interp__label">{label}</Text>
            <Text className="pd-interp__text">{i.sections[key]}</Text>
          </View>
        ) : null,
      )}
      <Text className="pd-interp__date">发布于 {beijingDate(i.publishedAt)}</Text>
    </View>
  );
}

/** 收藏 star: needs login (goes to the login page otherwise); the server keeps one favourite per person. */
function FavoriteButton({ policyId }: { policyId: string }) {
  const session = useSession();
  const [on, setOn] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!session) {
      setOn(false);
      return;
    }
    policiesApi
      .favoriteState(policyId)
      .then((s) => setOn(s.favorited))
      .catch(() => setOn(false));
  }, [policyId, session?.user.id]);
  const toggle = async () => {
    if (!session) {
      void Taro.navigateTo({ url: ROUTES.login });
      return;
    }
    if (busy) return;
    setBusy(true);
    try {
      const s = await policiesApi.favorite(policyId, !on);
      setOn(s.favorited);
      void Taro.showToast({ title: s.favorited ? '已收藏，可在“我的收藏”查看' : '已取消收藏', icon: 'none' });
    } catch {
      // The API client showed the Chinese error.
    } finally {
      setBusy(false);
    }
  };
  return (
    <View
      id="policy-favorite"
      className={`pd-fav ${on ? 'pd-fav--on' : ''}`}
      role="button"
      aria-pressed={!!on}
      aria-label={on ? '取消收藏' : '收藏'}
      onClick={() => void toggle()}
    >
      <Text className="pd-fav__icon">{on ? '★' : '☆'}</Text>
      <Text className="pd-fav__text">{on ? '已收藏' : '收藏'}</Text>
    </View>
  );
}

/** Attachments with type and size; tap to download (signed URLs from the server). */
function Attachments({ files }: { files: PolicyDetail['attachments'] }) {
  if (!files?.length) return null;
  return (
    <View className="pd-files">
      <Text className="pd-files__title">附件</Text>
      {files.map((f) => (
        <View
          key={f.id}
          className="pd-file"
          role="link"
          aria-label={`下载附件 ${f.name}`}
          onClick={() => void openFile(f)}
        >
          <Text className="pd-file__name">{f.name}</Text>
          <Text className="pd-file__meta">
            {fileTypeLabel(f.mime)} · {formatSize(f.size)}
          </Text>
        </View>
      ))}
    </View>
  );
}

function fileTypeLabel(mime: string): string {
  if (mime === 'application/pdf') return 'PDF';
  if (mime.startsWith('image/')) return '图片';
  if (mime.includes('word')) return 'Word';
  if (mime.includes('sheet') || mime.includes('excel')) return 'Excel';
  return '文件';
}

function AskBox({ policyId, policyTitle }: { policyId: string; policyTitle: string }) {
  const [question, setQuestion] = useState('');
  const [asking, setAsking] = useState(false);
  const [result, setResult] = useState<FaqAskResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const ask = async () => {
    const q = question.trim();
    if (q.length < 2) {
      setError('请先描述您的问题');
      return;
    }
    setAsking(true);
    setError(null);
    try {
      setResult(await policiesApi.ask(q, { toast: false }));
    } catch (e) {
      setError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      setAsking(false);
    }
  };

  return (
    <View className="pd-ask">
      <Text className="pd-ask__title">我要提问</Text>
      <Textarea
        id="policy-ask-input"
        className="pd-ask__input"
        value={question}
        maxlength={200}
        placeholder="请输入您想了解的问题，如：灵活就业人员怎么交养老保险"
        onInput={(e) => setQuestion(e.detail.value)}
      />
      {error ? <Text className="zw-field__error pd-ask__error">{error}</Text> : null}
      <Button id="policy-ask-submit" type="primary" block loading={asking} onClick={() => void ask()}>
        查找答案
      </Button>
      {result && result.matched ? (
        <View className="pd-ask__results">
          {result.answers.map((a) => (
            <View key={a.faq.id} className="pd-ask-result">
              <Text className="pd-ask-result__q">问：{a.faq.question}</Text>
              <Text className="pd-ask-result__a">答：{a.faq.answer}</Text>
              <View className="pd-ask-result__foot">
                <Text>匹配度 {Math.round(a.score * 100)}%</Text>
                {a.policy ? (
                  <Text
                    className="pd-ask-result__source"
                    onClick={() =>
                      void Taro.navigateTo({ url: `${POLICY_ROUTES.detail}?id=${a.policy!.id}` })
                    }
                  >
                    来源：《{a.policy.title}》
                  </Text>
                ) : null}
              </View>
            </View>
          ))}
        </View>
      ) : null}
      {result && !result.matched ? (
        <View className="pd-ask__nomatch">
          <Text className="pd-ask__hint">{result.hint}</Text>
          <View
            id="policy-ask-consult"
            className="zw-button zw-button--ghost pd-ask__consult"
            onClick={() =>
              void Taro.navigateTo({
                url: `${CONSULT_ROUTES.ask}?policyId=${policyId}&policyTitle=${encodeURIComponent(policyTitle)}`,
              })
            }
          >
            去政策咨询留言
          </View>
        </View>
      ) : null}
    </View>
  );
}

export default function PolicyDetailPage() {
  const router = useRouter();
  const id = router.params.id ?? '';
  const [tab, setTab] = useState<Tab>('body');
  const detail = useApiData(() => policiesApi.get(id, { toast: false }), [id], !!id);

  useShareAppMessage(() => ({
    title: detail.data?.policy.title ?? '政策文件 - 掌上政务公开专区',
    path: `${POLICY_ROUTES.detail}?id=${id}`,
  }));

  const d = detail.data;
  return (
    <PageShell className="policy-detail-page">
      {!id ? <EmptyState title="缺少文件编号" description="请从政策文件列表进入" /> : null}
      {detail.loading ? <LoadingState /> : null}
      {detail.error ? <ErrorState message={detail.error} onRetry={() => void detail.reload()} /> : null}
      {d ? (
        <>
          <View className="pd-header">
            <Text className="pd-title">{d.policy.title}</Text>
            <View className="pd-header__tags">
              <ValidityBadge validity={d.policy.validity} />
              <Text className="pd-header__kind">{d.policy.kind}</Text>
              <FavoriteButton policyId={d.policy.id} />
            </View>
          </View>
          <ValidityNotice d={d} />
          <Meta d={d} />
          <View className="pd-tabs" role="tablist">
            {(
              [
                ['body', '原文'],
                ['interp', `解读${d.interpretations.length ? `(${d.interpretations.length})` : ''}`],
                ['faq', `问答${d.faqs.length ? `(${d.faqs.length})` : ''}`],
              ] as [Tab, string][]
            ).map(([key, label]) => (
              <View
                key={key}
                id={`policy-tab-${key}`}
                className={`pd-tab ${tab === key ? 'pd-tab--active' : ''}`}
                role="tab"
                aria-selected={tab === key}
                {...({ tabIndex: 0 } as object)}
                onClick={() => setTab(key)}
              >
                {label}
              </View>
            ))}
          </View>
          <View className="zw-card pd-panel">
            {tab === 'body' ? (
              <>
                <RichText className="pd-body" nodes={d.policy.body} />
                <Attachments files={d.attachments} />
              </>
            ) : null}
            {tab === 'interp' ? (
              d.interpretations.length ? (
                d.interpretations.map((i) => <InterpretationView key={i.id} i={i} />)
              ) : (
                <EmptyState title="暂无政策解读" description="该文件的解读材料发布后将在此展示" />
              )
            ) : null}
            {tab === 'faq' ? (
              <>
                {d.faqs.map((f) => (
                  <View key={f.id} className="pd-faq">
                    <Text className="pd-faq__q">问：{f.question}</Text>
                    <Text className="pd-faq__a">答：{f.answer}</Text>
                  </View>
                ))}
                {d.faqs.length === 0 ? <Text className="pd-faq__empty">该文件暂无常见问题解答。</Text> : null}
                <AskBox policyId={d.policy.id} policyTitle={d.policy.title} />
              </>
            ) : null}
          </View>
        </>
      ) : null}
    </PageShell>
  );
}
