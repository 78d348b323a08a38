import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { SERVICES } from '../../constants';
import { CONSULT_ROUTES } from '../../api/consultations';
import { DISCLOSURE_ROUTES } from '../../api/disclosure';
import { refreshUnreadBadge } from '../../api/notifications';
import { SESSION_ROUTES } from '../../api/sessions';
import './index.scss';

const TARGETS: Record<(typeof SERVICES)[number]['key'], string> = {
  disclosure: DISCLOSURE_ROUTES.apply,
  consultation: CONSULT_ROUTES.ask,
  'consultation-mine': CONSULT_ROUTES.mine,
  'consultation-public': CONSULT_ROUTES.published,
  bookings: SESSION_ROUTES.myBookings,
};

export default function ServicePage() {
  useDidShow(() => {
    void refreshUnreadBadge();
  });

  return (
    <PageShell className="service-page">
      <Section title="办事服务" className="service-list">
        {SERVICES.map((service) => (
          <View
            key={service.key}
            id={`service-${service.key}`}
            className="zw-list-item service-item"
            role="link"
            aria-label={service.title}
            onClick={() => void Taro.navigateTo({ url: TARGETS[service.key] })}
          >
            <View className="zw-list-item__main">
              <Text className="zw-list-item__title">{service.title}</Text>
              <Text className="zw-list-item__desc">{service.description}</Text>
            </View>
            <Text className="zw-list-item__arrow">›</Text>
          </View>
        ))}
      </Section>
      <Text className="zw-note service-note">
        网上提交的申请和咨询，可在“我的”中查看办理进度；如需帮助，可拨打首页公布的咨询电话。
      </Text>
    </PageShell>
  );
}
