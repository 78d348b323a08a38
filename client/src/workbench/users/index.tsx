import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { ROLE_LABELS, ROLES, type Role, type User } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { api } from '../../api';
import { useApiData } from '../../hooks/useApiData';
import { ROUTES } from '../../routes';
import { getSession } from '../../store/session';
import WorkbenchGuard from '../components/WorkbenchGuard';
import '../workbench.scss';

function UserList() {
  const [role, setRole] = useState<Role | undefined>(undefined);
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [pending, setPending] = useState<string | null>(null);
  const users = useApiData(() => api.admin.users({ role, q: q || undefined }, { toast: false }), [role, q]);

  useDidShow(() => {
    // Back from the create form: show the new account.
    if (!users.loading) void users.reload();
  });

  const toggle = async (user: User) => {
    const disabling = !user.disabled;
    if (disabling && user.id === getSession()?.user.id) {
      void Taro.showToast({ title: '不能停用当前登录的账号', icon: 'none' });
      return;
    }
    const { confirm } = await Taro.showModal({
      title: disabling ? '停用账号' : '启用账号',
      content: disabling
        ? `停用后“${user.displayName}”将无法登录，确定停用吗？`
        : `确定重新启用“${user.displayName}”的账号吗？`,
      confirmColor: '#b3261e',
    });
    if (!confirm) return;
    setPending(user.id);
    try {
      await api.admin.updateUser(user.id, { disabled: disabling });
      void Taro.showToast({ title: disabling ? '已停用' : '已启用', icon: 'success' });
      await users.reload();
    } catch {
      // The API client has shown the server's message.
    } finally {
      setPending(null);
    }
  };

  return (
    <>
      <View className="wb-toolbar">
        <Input
          id="users-search"
          className="wb-toolbar__search"
          value={draft}
          placeholder="按姓名或用户名查找"
          confirmType="search"
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={() => setQ(draft.trim())}
        />
        <Button
          id="user-create"
          type="primary"
          onClick={() => void Taro.navigateTo({ url: ROUTES.workbenchUserForm })}
        >
          新建账号
        </Button>
      </View>
      <View className="zw-chips wb-filter">
        <View className={`zw-chip ${role ? '' : 'zw-chip--active'}`} onClick={() => setRole(undefined)}>
          全部
        </View>
        {ROLES.map((r) => (
          <View
            key={r}
            className={`zw-chip users-role-filter users-role-filter--${r} ${role === r ? 'zw-chip--active' : ''}`}
            onClick={() => setRole(role === r ? undefined : r)}
          >
            {ROLE_LABELS[r]}
          </View>
        ))}
      </View>
      <Section
        title="账号列表"
        className="users-list"
        extra={users.data ? <Text className="wb-count">共 {users.data.items.length} 个</Text> : null}
      >
        {users.loading && !users.data ? <LoadingState /> : null}
        {users.error ? <ErrorState message={users.error} onRetry={() => void users.reload()} /> : null}
        {users.data && users.data.items.length === 0 ? <EmptyState title="没有符合条件的账号" /> : null}
        {users.data?.items.map((user) => (
          <View
            key={user.id}
            className={`zw-list-item user-item ${user.disabled ? 'user-item--disabled' : ''}`}
          >
            <View className="zw-list-item__main wb-item">
              <View className="wb-item__head">
                <Text className="wb-item__name user-item__name">{user.displayName}</Text>
                {user.disabled ? (
                  <Text className="zw-tag zw-tag--grey user-item__disabled">已停用</Text>
                ) : null}
              </View>
              <Text className="wb-item__meta">
                {user.username ? `用户名 ${user.username}` : '微信用户'}
                {user.organs.length ? ` · ${user.organs.map((o) => o.name).join('、')}` : ''}
              </Text>
              <View className="wb-item__tags">
                {user.roles.map((r) => (
                  <Text key={r} className={`zw-tag ${r === 'citizen' ? 'zw-tag--grey' : 'zw-tag--blue'}`}>
                    {ROLE_LABELS[r]}
                  </Text>
                ))}
              </View>
            </View>
            <View
              className={`wb-item__action user-toggle ${user.disabled ? 'wb-item__action--primary' : 'wb-item__action--danger'}`}
              onClick={() => (pending ? undefined : void toggle(user))}
            >
              {pending === user.id ? '处理中' : user.disabled ? '启用' : '停用'}
            </View>
          </View>
        ))}
      </Section>
    </>
  );
}

export default function WorkbenchUsersPage() {
  return (
    <PageShell className="users-page">
      <WorkbenchGuard need="admin">{() => <UserList />}</WorkbenchGuard>
    </PageShell>
  );
}
