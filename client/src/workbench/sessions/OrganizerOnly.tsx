import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { User } from '@zwgk/types';
import WorkbenchGuard from '../components/WorkbenchGuard';

/** Session management is for organizers (and admins); other staff get a clear reason. */
export default function OrganizerOnly({ children }: { children: (user: User) => ReactNode }) {
  return (
    <WorkbenchGuard need="staff">
      {(user) =>
        user.roles.includes('organizer') || user.roles.includes('admin') ? (
          children(user)
        ) : (
          <View className="zw-card wb-denied workbench-forbidden">
            <Text className="wb-denied__title">无权访问</Text>
            <Text className="wb-denied__desc">
              政务公开讲场次管理仅向活动组织者开放，如需开通请联系系统管理员。
            </Text>
          </View>
        )
      }
    </WorkbenchGuard>
  );
}
