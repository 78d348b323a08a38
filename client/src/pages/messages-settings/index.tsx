import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Switch } from '@nutui/nutui-react-taro';
import type { NotificationKind } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { ErrorState, LoadingState } from '../../components/States';
import { notificationsApi, requestSubscribe } from '../../api/notifications';
import { ApiRequestError, NETWORK_ERROR_MESSAGE } from '../../api';
import { useApiData } from '../../hooks/useApiData';
import '../messages/messages.scss';

export default function MessageSettingsPage() {
  const { data, loading, error, reload } = useApiData(
    () => notificationsApi.preferences({ toast: false }),
    [],
  );
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  const toggle = async (kind: NotificationKind, on: boolean) => {
    if (!data || saving) return;
    setSaving(true);
    setSaveError(null);
    try {
      // Turning a kind on asks WeChat for permission from this tap (weapp only).
      const pref = data.items.find((p) => p.kind === kind);
      if (on && pref?.templateId) await requestSubscribe([pref.templateId]);
      const muted = data.items.filter((p) => (p.kind === kind ? !on : !p.wechat)).map((p) => p.kind);
      await notificationsApi.setPreferences(muted);
      await reload();
    } catch (e) {
      setSaveError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      setSaving(false);
    }
  };

  const subscribeAll = async () => {
    if (!data) return;
    const ids = data.items.filter((p) => p.wechat && p.templateId).map((p) => p.templateId!);
    const res = await requestSubscribe(ids);
    const accepted = Object.values(res).filter((v) => v === 'accept').length;
    void Taro.showToast({
      title: process.env.TARO_ENV === 'weapp' ? `已订阅${accepted}类通知` : '请在微信小程序中订阅',
      icon: 'none',
    });
  };

  return (
    <PageShell className="messages-settings-page">
      <Section title="微信订阅消息">
        <Text className="zw-note">
          所有通知都会保留在消息中心。打开的类型，还会在您授权后通过微信服务通知推送到手机。
        </Text>
        {loading && !data ? <LoadingState /> : null}
        {error ? <ErrorState message={error} onRetry={() => void reload()} /> : null}
        {data?.items.map((p) => (
          <View key={p.kind} className="zw-list-item msg-pref">
            <View className="zw-list-item__main">
              <Text className="zw-list-item__title msg-pref__label">{p.label}</Text>
            </View>
            <Switch
              className={`msg-pref-switch msg-pref-switch--${p.kind.replace('.', '-')}`}
              checked={p.wechat}
              disabled={saving}
              aria-label={`${p.label}微信推送`}
              onChange={(v: boolean) => void toggle(p.kind, v)}
            />
          </View>
        ))}
        {saveError ? <View className="zw-form-error">{saveError}</View> : null}
        {process.env.TARO_ENV === 'weapp' ? (
          <Button type="primary" block onClick={() => void subscribeAll()}>
            授权接收已打开的通知
          </Button>
        ) : null}
      </Section>
    </PageShell>
  );
}
