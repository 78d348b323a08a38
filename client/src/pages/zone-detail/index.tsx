import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { Image, ScrollView, Text, View } from '@tarojs/components';
import type { Zone } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useApiData } from '../../hooks/useApiData';
import { SESSION_ROUTES, sessionsApi } from '../../api/sessions';
import { fileHref } from '../../api/files';
import SessionCard from '../lecture/SessionCard';
import '../lecture/index.scss';
import '../session-detail/index.scss';

const IS_WEAPP = process.env.TARO_ENV === 'weapp';

function openMap(z: Zone) {
  if (z.latitude === null || z.longitude === null) return;
  if (IS_WEAPP) {
    void Taro.openLocation({
      latitude: z.latitude,
      longitude: z.longitude,
      name: z.name,
      address: z.address,
      scale: 17,
    });
    return;
  }
  // H5: the map service's marker page (coordinates are GCJ-02 as published by the zone).
  const url = `https://uri.amap.com/marker?position=${z.longitude},${z.latitude}&name=${encodeURIComponent(z.name)}&src=zwgk&coordinate=gaode&callnative=0`;
  window.open(url, '_blank', 'noopener');
}

export default function ZoneDetailPage() {
  const id = useRouter().params.id ?? '';
  const zone = useApiData(() => sessionsApi.zone(id, { toast: false }), [id], !!id);
  const sessions = useApiData(() => sessionsApi.list({ zone: id, limit: 20 }, { toast: false }), [id], !!id);
  const z = zone.data?.zone ?? null;
  useShareAppMessage(() => ({ title: z?.name ?? '政务公开专区', path: `${SESSION_ROUTES.zone}?id=${id}` }));

  if (zone.error)
    return (
      <PageShell>
        <ErrorState message={zone.error} onRetry={() => void zone.reload()} />
      </PageShell>
    );
  if (!z)
    return (
      <PageShell>
        <LoadingState />
      </PageShell>
    );

  return (
    <PageShell className="zone-detail-page">
      {z.photos.length ? (
        <ScrollView scrollX className="zone-photos" aria-label="专区照片">
          {z.photos.map((p, i) => {
            const urls = z.photos.map((x) => fileHref(x));
            return (
              <Image
                key={p.id}
                className="zone-photo"
                src={fileHref(p)}
                mode="aspectFill"
                aria-label={`${z.name}照片 ${i + 1}`}
                onClick={() => void Taro.previewImage({ urls, current: urls[i] })}
              />
            );
          })}
        </ScrollView>
      ) : null}
      <View className="zw-card">
        <Text className="session-head__title zone-name">{z.name}</Text>
        <View className="session-info">
          <Text className="session-info__label">地址</Text>
          <Text className="session-info__value">{z.address}</Text>
        </View>
        {z.latitude !== null ? (
          <View className="session-info" onClick={() => openMap(z)}>
            <Text className="session-info__label">导航</Text>
            <Text className="session-info__value session-info__link zone-map">在地图中查看 ›</Text>
          </View>
        ) : null}
        <View className="session-info">
          <Text className="session-info__label">开放</Text>
          <Text className="session-info__value">{z.openingHours}</Text>
        </View>
        <View
          className="session-info"
          onClick={() => (IS_WEAPP ? void Taro.makePhoneCall({ phoneNumber: z.phone }) : undefined)}
        >
          <Text className="session-info__label">电话</Text>
          <Text className="session-info__value session-info__link">{z.phone}</Text>
        </View>
        <View className="session-info">
          <Text className="session-info__label">管理</Text>
          <Text className="session-info__value">{z.organName}</Text>
        </View>
        {z.description ? <Text className="session-desc__text">{z.description}</Text> : null}
      </View>
      <Section title="提供服务">
        <View className="zw-chips">
          {z.services.map((s) => (
            <Text key={s} className="zw-tag zw-tag--blue">
              {s}
            </Text>
          ))}
        </View>
      </Section>
      <Section title="在此举办的场次">
        {sessions.loading && !sessions.data ? <LoadingState /> : null}
        {sessions.data && !sessions.data.items.length ? <EmptyState title="近期暂无场次" /> : null}
        {sessions.data?.items.map((s) => (
          <SessionCard key={s.id} session={s} onBooked={() => void sessions.reload()} />
        ))}
      </Section>
    </PageShell>
  );
}
