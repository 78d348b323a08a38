/** Rating 1-5 and a comment, once per attended session. */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import { FeedbackCreateSchema } from '@zwgk/types';
import { newIdempotencyKey } from '../../api';
import { sessionsApi } from '../../api/sessions';

const LABELS = ['', '很不满意', '不满意', '一般', '满意', '非常满意'];

export default function FeedbackForm({ sessionId, onDone }: { sessionId: string; onDone: () => void }) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);
  const submit = async () => {
    const v = FeedbackCreateSchema.safeParse({ rating, comment });
    if (!v.success) {
      setError(rating ? (v.error.issues[0]?.message ?? '请检查填写内容') : '请选择评分');
      return;
    }
    setBusy(true);
    setError('');
    try {
      await sessionsApi.giveFeedback(sessionId, { rating, comment: comment.trim() }, key, { toast: false });
      void Taro.showToast({ title: '感谢您的评价', icon: 'success' });
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : '提交失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="feedback-form" id={`feedback-${sessionId}`}>
      <Text className="feedback-form__title">活动评价</Text>
      <View className="feedback-stars" role="radiogroup" aria-label="评分（1-5分）">
        {[1, 2, 3, 4, 5].map((n) => (
          <View
            key={n}
            role="radio"
            aria-checked={rating === n}
            aria-label={`${n}分 ${LABELS[n]}`}
            className={`feedback-star ${n <= rating ? 'feedback-star--on' : ''}`}
            onClick={() => setRating(n)}
          >
            ★
          </View>
        ))}
        <Text className="feedback-stars__label">{rating ? LABELS[rating] : '请点选评分'}</Text>
      </View>
      <Textarea
        className="feedback-comment"
        value={comment}
        maxlength={500}
        aria-label="评价内容（选填）"
        placeholder="说说您的收获或建议（选填）"
        onInput={(e) => setComment(e.detail.value)}
      />
      {error ? <Text className="zw-form-error feedback-error">{error}</Text> : null}
      <View
        className={`zw-button feedback-submit ${busy ? 'zw-button--disabled' : ''}`}
        onClick={() => (busy ? undefined : void submit())}
      >
        {busy ? '提交中…' : '提交评价'}
      </View>
    </View>
  );
}
