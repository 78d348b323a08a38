/** Add or edit one FAQ entry (question and answer); used for a document's FAQs and standalone ones. */
import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { Faq } from '@zwgk/types';
import { ApiRequestError, NETWORK_ERROR_MESSAGE, newIdempotencyKey } from '../../api';
import { policiesApi } from '../../api/policies';

interface Props {
  organId: string;
  policyId: string | null;
  faq?: Faq;
  onDone: () => void;
  onCancel?: () => void;
}

export default function FaqEditor({ organId, policyId, faq, onDone, onCancel }: Props) {
  const [question, setQuestion] = useState(faq?.question ?? '');
  const [answer, setAnswer] = useState(faq?.answer ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());

  const save = async () => {
    if (question.trim().length < 5) return setError('问题至少5个字');
    if (answer.trim().length < 10) return setError('答复至少10个字');
    setBusy(true);
    setError(null);
    try {
      if (faq) await policiesApi.work.updateFaq(faq.id, { question, answer }, { toast: false });
      else
        await policiesApi.work.createFaq({ organId, policyId, question, answer }, key.current, {
          toast: false,
        });
      key.current = newIdempotencyKey();
      setQuestion('');
      setAnswer('');
      void Taro.showToast({ title: faq ? '已保存' : '已新增', icon: 'success' });
      onDone();
    } catch (e) {
      setError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="wbp-faq-editor">
      <Text className="zw-field__label">问题</Text>
      <Textarea
        className="wbp-textarea wbp-faq-question"
        value={question}
        maxlength={200}
        placeholder="群众常问的问题，如：灵活就业人员如何参保？"
        onInput={(e) => setQuestion(e.detail.value)}
      />
      <Text className="zw-field__label">答复</Text>
      <Textarea
        className="wbp-textarea wbp-faq-answer"
        value={answer}
        maxlength={3000}
        placeholder="用通俗的语言答复，写明依据和办理渠道"
        onInput={(e) => setAnswer(e.detail.value)}
      />
      {error ? <View className="zw-form-error">{error}</View> : null}
      <View className="wbp-actions">
        {onCancel ? <Button onClick={onCancel}>取消</Button> : null}
        <Button className="wbp-faq-save" type="primary" loading={busy} onClick={() => void save()}>
          {faq ? '保存修改' : '新增问答'}
        </Button>
      </View>
    </View>
  );
}
