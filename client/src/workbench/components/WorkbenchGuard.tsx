import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { User } from '@zwgk/types';
import { ROUTES } from '../../routes';
import { isStaffSide, useSession } from '../../store/session';

interface Props {
  /** 'staff': any staff-side role; 'admin': system administrators only. */
  need: 'staff' | 'admin';
  children: (user: User) => ReactNode;
}

/** Shows the page only to users allowed to see it; everyone else gets a clear reason. */
export default function WorkbenchGuard({ need, children }: Props) {
  const session = useSession();
  const user = session?.user ?? null;

  if (!user) {
    return (
      <View className="zw-card wb-denied wb-login-required">
        <Text className="wb-denied__title">请先登录</Text>
        <Text className="wb-denied__desc">工作台仅向工作人员开放，请使用工作人员账号登录。</Text>
        <Button type="primary" block onClick={() => void Taro.navigateTo({ url: ROUTES.login })}>
          去登录
        </Button>
      </View>
    );
  }

  const allowed = need === 'admin' ? user.roles.includes('admin') : isStaffSide(user.roles);
  if (!allowed || user.disabled) {
    return (
      <View className="zw-card wb-denied workbench-forbidden">
        <Text className="wb-denied__title">无权访问</Text>
        <Text className="wb-denied__desc">
          {need === 'admin'
            ? '该功能仅限系统管理员使用。如需开通，请联系本单位系统管理员。'
            : '工作台仅向政务公开工作人员开放。如您是工作人员，请联系系统管理员开通账号。'}
        </Text>
        <Button block fill="outline" onClick={() => void Taro.switchTab({ url: ROUTES.mine })}>
          返回我的
        </Button>
      </View>
    );
  }

  return <>{children(user)}</>;
}
