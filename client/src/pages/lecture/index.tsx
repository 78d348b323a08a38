import { useShareAppMessage } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState } from '../../components/States';
import { ROUTES } from '../../routes';
import './index.scss';

export default function LecturePage() {
  useShareAppMessage(() => ({ title: '政务公开讲 - 掌上政务公开专区', path: ROUTES.lecture }));

  return (
    <PageShell className="lecture-page">
      <View className="zw-card lecture-intro">
        <Text className="lecture-intro__title">什么是政务公开讲</Text>
        <Text className="lecture-intro__text">
          政务公开讲由各级行政机关定期举办，机关负责同志面对面解读与群众切身利益相关的政策，现场答疑、听取意见。群众可在线预约场次，凭预约码入场。
        </Text>
      </View>

      <Section title="近期场次" className="lecture-upcoming">
        <EmptyState title="暂无即将举办的政务公开讲" description="场次发布后可在此查看时间、地点并在线预约" />
      </Section>

      <Section title="往期回顾" className="lecture-past">
        <EmptyState title="暂无往期回顾" />
      </Section>
    </PageShell>
  );
}
