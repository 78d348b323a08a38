/** 会前提问: ask before the session starts; see what you asked and whether it was answered on site. */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import { QuestionCreateSchema, type LectureSession } from '@zwgk/types';
import Section from '../../components/Section';
import { newIdempotencyKey } from '../../api';
import { sessionsApi } from '../../api/sessions';
import { useApiData } from '../../hooks/useApiData';
import { useSession } from '../../store/session';
import { ROUTES } from '../../routes';

export default function Questions({ s }: { s: LectureSession }) {
  const session = useSession();
  const mine = useApiData(
    () => sessionsApi.myQuestions(s.id, { toast: false }),
    [s.id, session?.user.id],
    !!session,
  );
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
  const open = s.status === 'published' && new Date(s.startsAt).getTime() > Date.now();
  const items = mine.data?.items ?? [];
  if (!open && !items.length) return null;

  const submit = async () => {
    const v = QuestionCreateSchema.safeParse({ text });
    if (!v.success) {
      setError(v.error.issues[0]?.message ?? '请检查填写内容');
      return;
    }
    setBusy(true);
    setError('');
    try {
      await sessionsApi.ask(s.id, v.data.text, key, { toast: false });
      setText('');
      setKey(newIdempotencyKey());
      void Taro.showToast({ title: '已提交', icon: 'success' });
      await mine.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : '提交失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="会前提问" className="session-questions">
      {open ? (
        <Text className="session-questions__hint">
          提前留下您关心的问题，主讲人将在现场集中解答。每人每场最多5个问题，请勿填写个人敏感信息。
        </Text>
      ) : null}
      {open && !session ? (
        <View
          className="zw-button zw-button--ghost"
          onClick={() => void Taro.navigateTo({ url: ROUTES.login })}
        >
          登录后提问
        </View>
      ) : null}
      {open && session ? (
        <View className="session-questions__form">
          <Textarea
            id="question-text"
            className="session-questions__input"
            value={text}
            maxlength={300}
            aria-label="我的问题"
            placeholder="如：灵活就业人员怎样申请社保补贴？"
            onInput={(e) => setText(e.detail.value)}
          />
          {error ? <Text className="zw-form-error question-error">{error}</Text> : null}
          <View
            id="question-submit"
            className={`zw-button ${busy ? 'zw-button--disabled' : ''}`}
            onClick={() => (busy ? undefined : void submit())}
          >
            {busy ? '提交中…' : '提交问题'}
          </View>
        </View>
      ) : null}
      {items.length ? (
        <View className="session-questions__mine">
          <Text className="session-questions__label">我提的问题</Text>
          {items.map((q) => (
            <View key={q.id} className="session-question">
              <Text className="session-question__text">{q.text}</Text>
              <Text className={`zw-tag ${q.answered ? 'zw-tag--blue' : 'zw-tag--grey'}`}>
                {q.answered ? '已现场解答' : '待解答'}
              </Text>
            </View>
          ))}
        </View>
      ) : null}
    </Section>
  );
}
