/** Admins: create or edit a zone, with its services and photos (purpose zone-photo). */
import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Image, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { ZONE_SERVICES, type FileMeta, type Organ, type Zone } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { ErrorState, LoadingState } from '../../components/States';
import { ApiRequestError, NETWORK_ERROR_MESSAGE, apiRequest, newIdempotencyKey } from '../../api';
import { chooseAndUpload, fileHref } from '../../api/files';
import { sessionsApi } from '../../api/sessions';
import { useApiData } from '../../hooks/useApiData';
import WorkbenchGuard from '../components/WorkbenchGuard';
import '../workbench.scss';
import '../sessions/sessions.scss';

interface Draft {
  name: string;
  organId: string;
  address: string;
  latitude: string;
  longitude: string;
  openingHours: string;
  phone: string;
  services: string[];
  description: string;
  photos: FileMeta[];
}

const empty = (organId: string): Draft => ({
  name: '',
  organId,
  address: '',
  latitude: '',
  longitude: '',
  openingHours: '周一至周五 9:00-17:00（法定节假日除外）',
  phone: '',
  services: [],
  description: '',
  photos: [],
});

const fromZone = (z: Zone): Draft => ({
  name: z.name,
  organId: z.organId,
  address: z.address,
  latitude: z.latitude === null ? '' : String(z.latitude),
  longitude: z.longitude === null ? '' : String(z.longitude),
  openingHours: z.openingHours,
  phone: z.phone,
  services: [...z.services],
  description: z.description,
  photos: z.photos,
});

function Editor({ id, organs }: { id: string | undefined; organs: Organ[] }) {
  const [d, setD] = useState<Draft>(() => empty(organs[0]?.id ?? ''));
  const [zone, setZone] = useState<Zone | null>(null);
  const [loading, setLoading] = useState(!!id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());

  useEffect(() => {
    if (!id) return;
    sessionsApi
      .zone(id, { toast: false })
      .then(({ zone: z }) => {
        setZone(z);
        setD(fromZone(z));
      })
      .catch((e) => setError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE))
      .finally(() => setLoading(false));
  }, [id]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((p) => ({ ...p, [k]: v }));
  const num = (s: string) => (s.trim() === '' ? null : Number(s));

  const addPhotos = async () => {
    const files = await chooseAndUpload('zone-photo', Math.max(1, 9 - d.photos.length));
    if (files.length) set('photos', [...d.photos, ...files].slice(0, 9));
  };

  const save = async () => {
    if (busy) return;
    const lat = num(d.latitude);
    const lng = num(d.longitude);
    if ((lat !== null && Number.isNaN(lat)) || (lng !== null && Number.isNaN(lng)))
      return setError('经纬度须为数字');
    const body = {
      name: d.name,
      address: d.address,
      latitude: lat,
      longitude: lng,
      openingHours: d.openingHours,
      phone: d.phone,
      services: d.services as Zone['services'],
      description: d.description,
      photoIds: d.photos.map((p) => p.id),
    };
    setBusy(true);
    setError(null);
    try {
      const r = zone
        ? await sessionsApi.updateZone(zone.id, body, { toast: false })
        : await sessionsApi.createZone({ ...body, organId: d.organId }, key.current, { toast: false });
      key.current = newIdempotencyKey();
      setZone(r.zone);
      setD(fromZone(r.zone));
      void Taro.showToast({ title: '已保存', icon: 'success' });
    } catch (e) {
      setError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      setBusy(false);
    }
  };

  if (loading) return <LoadingState />;
  if (id && !zone) return <ErrorState message={error ?? '专区不存在'} />;
  const field = (
    label: string,
    k: 'name' | 'address' | 'openingHours' | 'phone' | 'latitude' | 'longitude',
    ph = '',
  ) => (
    <View className="zw-field">
      <Text className="zw-field__label">{label}</Text>
      <Input
        id={`wbz-${k}`}
        className="zw-field__input"
        value={d[k]}
        aria-label={label}
        placeholder={ph}
        onInput={(e) => set(k, e.detail.value)}
      />
    </View>
  );
  return (
    <>
      <Section title={zone ? '专区信息' : '新增专区'} className="wbz-form">
        {error ? <Text className="zw-form-error wbz-error">{error}</Text> : null}
        {field('名称', 'name', '如：江西省政务服务中心政务公开专区')}
        {!zone ? (
          <View className="zw-field">
            <Text className="zw-field__label">所属机关</Text>
            <Picker
              mode="selector"
              range={organs.map((o) => o.name)}
              value={Math.max(
                0,
                organs.findIndex((o) => o.id === d.organId),
              )}
              onChange={(e) => set('organId', organs[Number(e.detail.value)]?.id ?? '')}
            >
              <View className="zw-field__input" id="wbz-organ">
                {organs.find((o) => o.id === d.organId)?.name ?? '请选择'}
              </View>
            </Picker>
          </View>
        ) : null}
        {field('地址', 'address')}
        <View className="wbs-form__row">
          {field('纬度', 'latitude', '如 28.6829')}
          {field('经度', 'longitude', '如 115.8581')}
        </View>
        {field('开放时间', 'openingHours')}
        {field('咨询电话', 'phone', '如 0791-88912345')}
        <View className="zw-field">
          <Text className="zw-field__label">服务项目</Text>
          <View className="wbz-services">
            {ZONE_SERVICES.map((sv) => {
              const on = d.services.includes(sv);
              return (
                <View
                  key={sv}
                  role="checkbox"
                  aria-checked={on}
                  aria-label={sv}
                  className={`zw-chip ${on ? 'zw-chip--active' : ''}`}
                  onClick={() =>
                    set('services', on ? d.services.filter((x) => x !== sv) : [...d.services, sv])
                  }
                >
                  {sv}
                </View>
              );
            })}
          </View>
        </View>
        <View className="zw-field">
          <Text className="zw-field__label">简介</Text>
          <Textarea
            id="wbz-description"
            className="wbs-form__textarea"
            value={d.description}
            maxlength={500}
            aria-label="简介"
            onInput={(e) => set('description', e.detail.value)}
          />
        </View>
        <View className="zw-field">
          <Text className="zw-field__label">照片（最多9张，公开展示）</Text>
          <View className="wbz-photos">
            {d.photos.map((p, i) => (
              <View key={p.id} className="wbz-photo">
                <Image
                  className="wbz-photo__img"
                  src={fileHref(p)}
                  mode="aspectFill"
                  aria-label={`照片 ${i + 1}`}
                />
                <Text
                  className="wbz-photo__remove"
                  aria-label={`移除照片 ${i + 1}`}
                  onClick={() =>
                    set(
                      'photos',
                      d.photos.filter((x) => x.id !== p.id),
                    )
                  }
                >
                  移除
                </Text>
              </View>
            ))}
            {d.photos.length < 9 ? (
              <View
                className="wbz-photo wbz-photo--add"
                aria-label="添加照片"
                onClick={() => void addPhotos()}
              >
                ＋ 添加照片
              </View>
            ) : null}
          </View>
        </View>
      </Section>
      <View className="wbs-buttons">
        <Button id="wbz-save" type="primary" block loading={busy} onClick={() => void save()}>
          保存
        </Button>
      </View>
    </>
  );
}

export default function WorkbenchZoneEditPage() {
  const id = useRouter().params.id;
  const organs = useApiData(() => apiRequest<{ items: Organ[] }>('/organs', { toast: false }), []);
  return (
    <PageShell className="wbz-edit-page">
      <WorkbenchGuard need="admin">
        {() =>
          organs.data ? (
            <Editor id={id} organs={organs.data.items} />
          ) : organs.error ? (
            <ErrorState message={organs.error} onRetry={() => void organs.reload()} />
          ) : (
            <LoadingState />
          )
        }
      </WorkbenchGuard>
    </PageShell>
  );
}
