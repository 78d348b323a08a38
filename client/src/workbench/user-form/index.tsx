import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { ROLE_LABELS, STAFF_SIDE_ROLES, UserCreateSchema, type Role } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { ApiRequestError, NETWORK_ERROR_MESSAGE, api, newIdempotencyKey } from '../../api';
import { useApiData } from '../../hooks/useApiData';
import WorkbenchGuard from '../components/WorkbenchGuard';
import '../workbench.scss';

type Field = 'username' | 'displayName' | 'password' | 'roles' | 'organIds';

function toggleIn<T>(list: T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

function UserForm() {
  const organs = useApiData(() => api.organs.list({ toast: false }), []);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [organIds, setOrganIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // One key per attempt to create this account; a retry after a failure reuses it.
  const idempotencyKey = useRef(newIdempotencyKey());

  const submit = async () => {
    if (submitting) return;
    setFormError(null);
    const parsed = UserCreateSchema.safeParse({ username, displayName, password, roles, organIds });
    if (!parsed.success) {
      const next: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field;
        if (!next[field]) next[field] = issue.message;
      }
      setErrors(next);
      return;
    }
    if (organIds.length === 0 && roles.some((role) => role !== 'admin')) {
      setErrors({ organIds: '活动组织者、工作人员和审核人员须至少属于一个机关' });
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      const { user } = await api.admin.createUser(parsed.data, idempotencyKey.current);
      idempotencyKey.current = newIdempotencyKey();
      void Taro.showToast({ title: `已创建 ${user.displayName}`, icon: 'success' });
      setTimeout(() => void Taro.navigateBack(), 600);
    } catch (e) {
      setFormError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      setSubmitting(false);
    }
  };

  const fieldError = (field: Field) =>
    errors[field] ? (
      <Text className={`zw-field__error uf-error uf-error--${field}`}>{errors[field]}</Text>
    ) : null;

  return (
    <>
      <Section title="账号信息" className="user-form">
        {formError ? <View className="zw-form-error uf-form-error">{formError}</View> : null}
        <View className="zw-field">
          <Text className="zw-field__label">用户名（登录用，3到32位字母、数字、下划线、点或短横线）</Text>
          <Input
            id="uf-username"
            className="zw-field__input"
            value={username}
            maxlength={32}
            placeholder="如 zhangsan"
            onInput={(e) => setUsername(e.detail.value)}
          />
          {fieldError('username')}
        </View>
        <View className="zw-field">
          <Text className="zw-field__label">姓名</Text>
          <Input
            id="uf-display-name"
            className="zw-field__input"
            value={displayName}
            maxlength={20}
            placeholder="请输入真实姓名"
            onInput={(e) => setDisplayName(e.detail.value)}
          />
          {fieldError('displayName')}
        </View>
        <View className="zw-field">
          <Text className="zw-field__label">初始密码（至少8位）</Text>
          <Input
            id="uf-password"
            className="zw-field__input"
            value={password}
            password
            maxlength={128}
            placeholder="请设置初始密码"
            onInput={(e) => setPassword(e.detail.value)}
          />
          {fieldError('password')}
        </View>
      </Section>

      <Section title="角色" className="uf-roles">
        <View className="zw-chips">
          {STAFF_SIDE_ROLES.map((role) => (
            <View
              key={role}
              className={`zw-chip uf-role uf-role--${role} ${roles.includes(role) ? 'zw-chip--active' : ''}`}
              onClick={() => setRoles(toggleIn(roles, role))}
            >
              {ROLE_LABELS[role]}
            </View>
          ))}
        </View>
        {fieldError('roles')}
      </Section>

      <Section title="所属机关" className="uf-organs">
        {organs.loading ? <LoadingState /> : null}
        {organs.error ? <ErrorState message={organs.error} onRetry={() => void organs.reload()} /> : null}
        {organs.data && organs.data.items.length === 0 ? (
          <EmptyState title="还没有机关" description="请先在“机关管理”中添加机关" />
        ) : null}
        <View className="zw-chips">
          {organs.data?.items.map((organ) => (
            <View
              key={organ.id}
              className={`zw-chip uf-organ ${organIds.includes(organ.id) ? 'zw-chip--active' : ''}`}
              onClick={() => setOrganIds(toggleIn(organIds, organ.id))}
            >
              {organ.name}
            </View>
          ))}
        </View>
        {fieldError('organIds')}
      </Section>

      <View className="uf-actions">
        <Button id="uf-submit" type="primary" block loading={submitting} onClick={() => void submit()}>
          创建账号
        </Button>
      </View>
    </>
  );
}

export default function WorkbenchUserFormPage() {
  return (
    <PageShell className="user-form-page">
      <WorkbenchGuard need="admin">{() => <UserForm />}</WorkbenchGuard>
    </PageShell>
  );
}
