import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Switch } from '@nutui/nutui-react-taro';
import { ROLE_LABELS } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import { useApiData } from '../../hooks/useApiData';
import { ROUTES } from '../../routes';
import { logout, refreshCurrentUser } from '../../services/auth';
import { loadMeta } from '../../store/meta';
import { setLargeFont, useLargeFont } from '../../store/preferences';
import { isStaffSide, useSession } from '../../store/session';
import { ConsultationsEntry, MessagesEntry } from '../messages/MineEntries';
import BookingsEntry from '../my-bookings/MineEntry';
import DisclosureEntry from '../disclosure-mine/MineEntry';
import FavoritesEntry from '../policy-favorites/MineEntry';
import './index.scss';

export default function MinePage() {
  const session = useSession();
  const large = useLargeFont();
  const meta = useApiData(loadMeta, []);
  const user = session?.user ?? null;

  useDidShow(() => {
    void refreshCurrentUser();
  });

  const confirmLogout = async () => {
    const { confirm } = await Taro.showModal({
      title: '退出登录',
      content: '确定退出当前账号吗？',
      confirmText: '退出',
      confirmColor: '#b3261e',
    });
    if (!confirm) return;
    await logout();
    void Taro.showToast({ title: '已退出登录', icon: 'none' });
  };

  return (
    <PageShell className="mine-page">
      <View className="mine-header">
        {user ? (
          <>
            <View className="mine-avatar">{user.displayName.slice(0, 1)}</View>
            <View className="mine-header__info">
              <Text className="mine-name">{user.displayName}</Text>
              <View className="mine-roles">
                {user.roles.map((role) => (
                  <Text key={role} className={`mine-role mine-role--${role}`}>
                    {ROLE_LABELS[role]}
                  </Text>
                ))}
              </View>
              {user.organs.length > 0 ? (
                <Text className="mine-organs">{user.organs.map((organ) => organ.name).join('、')}</Text>
              ) : null}
            </View>
          </>
        ) : (
          <>
            <View className="mine-avatar mine-avatar--guest">访</View>
            <View className="mine-header__info">
              <Text className="mine-name mine-name--guest">您尚未登录</Text>
              <Text className="mine-header__hint">登录后可预约政务公开讲、提交申请和咨询</Text>
            </View>
          </>
        )}
      </View>

      {!user ? (
        <View className="zw-card mine-login-card">
          <Button
            id="mine-login"
            type="primary"
            block
            onClick={() => void Taro.navigateTo({ url: ROUTES.login })}
          >
            登录
          </Button>
        </View>
      ) : null}

      {user ? (
        <View className="zw-card mine-entries">
          {/* mine entries: messages */}
          <MessagesEntry />
          {/* mine entries: sessions */}
          <BookingsEntry />
          {/* mine entries: policies */}
          <FavoritesEntry />
          {/* mine entries: disclosure */}
          <DisclosureEntry />
          {/* mine entries: consultations */}
          <ConsultationsEntry />
        </View>
      ) : null}

      {user && isStaffSide(user.roles) ? (
        <View
          id="workbench-entry"
          className="zw-card workbench-entry"
          onClick={() => void Taro.navigateTo({ url: ROUTES.workbench })}
        >
          <View className="workbench-entry__main">
            <Text className="workbench-entry__title">工作台</Text>
            <Text className="workbench-entry__desc">办理本机关的政务公开事务</Text>
          </View>
          <Text className="zw-list-item__arrow">›</Text>
        </View>
      ) : null}

      <View className="zw-card mine-settings">
        <View className="zw-list-item mine-large-font">
          <View className="zw-list-item__main">
            <Text className="zw-list-item__title">适老化大字模式</Text>
            <Text className="zw-list-item__desc">放大所有页面的文字，便于阅读</Text>
          </View>
          <Switch id="large-font-switch" checked={large} onChange={(value: boolean) => setLargeFont(value)} />
        </View>
        <View
          id="privacy-entry"
          className="zw-list-item privacy-entry"
          onClick={() => void Taro.navigateTo({ url: ROUTES.privacy })}
        >
          <View className="zw-list-item__main">
            <Text className="zw-list-item__title">用户隐私保护指引</Text>
          </View>
          <Text className="zw-list-item__arrow">›</Text>
        </View>
        {meta.data ? (
          <View className="zw-list-item mine-version">
            <View className="zw-list-item__main">
              <Text className="zw-list-item__title">当前版本</Text>
            </View>
            <Text className="zw-list-item__desc">{meta.data.version}</Text>
          </View>
        ) : null}
      </View>

      {user ? (
        <View className="mine-logout">
          <Button id="logout-button" type="primary" block fill="outline" onClick={() => void confirmLogout()}>
            退出登录
          </Button>
        </View>
      ) : null}
    </PageShell>
  );
}
