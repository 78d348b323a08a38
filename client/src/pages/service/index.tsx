import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { COMING_SOON, SERVICES } from '../../constants';
import { DISCLOSURE_ROUTES } from '../../api/disclosure';
import { SESSION_ROUTES } from '../../api/sessions';
import './index.scss';

export default function ServicePage() {
  const notOpenYet = (title: string) =>
    void Taro.showToast({ title: `“${title}”${COMING_SOON}，敬请关注`, icon: 'none', duration: 2000 });

  return (
    <PageShell className="service-page">
      <Section title="办事服务" className="service-list">
        {SERVICES.map((service) => (
          <View
            key={service.key}
            id={`service-${service.key}`}
            className="zw-list-item service-item"
            onClick={() =>
              service.key === 'disclosure'
                ? void Taro.navigateTo({ url: DISCLOSURE_ROUTES.apply })
                : service.key === 'bookings'
                  ? void Taro.navigateTo({ url: SESSION_ROUTES.myBookings })
                  : notOpenYet(service.title)
            }
          >
            <View className="zw-list-item__main">
              <Text className="zw-list-item__title">{service.title}</Text>
              <Text className="zw-list-item__desc">{service.description}</Text>
            </View>
            {service.key === 'disclosure' || service.key === 'bookings' ? (
              <Text className="zw-list-item__arrow">›</Text>
            ) : (
              <Text className="zw-tag zw-tag--soon service-item__status">{COMING_SOON}</Text>
            )}
          </View>
        ))}
      </Section>
      <Text className="zw-note service-note">
        以上服务正在建设中，开放后可在线提交申请、查询办理进度。开放前如有需要，可通过首页公布的咨询电话联系。
      </Text>
    </PageShell>
  );
}
