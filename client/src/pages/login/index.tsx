import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  DEMO_PASSWORD,
  DEMO_PERSONAS,
  DevLoginSchema,
  PasswordLoginSchema,
  type LoginResult,
} from '@zwgk/types';
import PageShell from '../../components/PageShell';
import { LoadingState } from '../../components/States';
import { ApiRequestError, NETWORK_ERROR_MESSAGE } from '../../api';
import { useApiData } from '../../hooks/useApiData';
import { ROUTES } from '../../routes';
import { loginAsDemoCitizen, loginWithPassword, loginWithWechat } from '../../services/auth';
import { loadMeta } from '../../store/meta';
import { isStaffSide } from '../../store/session';
import './index.scss';

/** The demo personas' password; only offered when the server reports the demo login as enabled. */
const IS_WEAPP = process.env.TARO_ENV === 'weapp';

function messageOf(error: unknown): string {
  return error instanceof ApiRequestError ? error.message : NETWORK_ERROR_MESSAGE;
}

function afterLogin(result: LoginResult) {
  void Taro.showToast({ title: `欢迎您，${result.user.displayName}`, icon: 'none' });
  if (isStaffSide(result.user.roles) || Taro.getCurrentPages().length <= 1) {
    void Taro.switchTab({ url: ROUTES.mine });
  } else {
    void Taro.navigateBack();
  }
}

export default function LoginPage() {
  const meta = useApiData(loadMeta, []);
  const demo = meta.data?.devLoginEnabled === true;

  const [agreed, setAgreed] = useState(!IS_WEAPP);
  const [showPassword, setShowPassword] = useState(!IS_WEAPP);
  const [name, setName] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [persona, setPersona] = useState<string | null>(null);
  const [busy, setBusy] = useState<'wechat' | 'dev' | 'password' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const guardAgreement = (): boolean => {
    if (agreed) return true;
    setError('请先阅读并同意《用户隐私保护指引》');
    return false;
  };

  const run = async (kind: 'wechat' | 'dev' | 'password', action: () => Promise<LoginResult>) => {
    if (busy) return;
    setBusy(kind);
    setError(null);
    try {
      afterLogin(await action());
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const submitWechat = () => {
    if (guardAgreement()) void run('wechat', loginWithWechat);
  };

  const submitDev = () => {
    if (!guardAgreement()) return;
    const parsed = DevLoginSchema.safeParse({ name });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '请输入姓名或昵称');
      return;
    }
    void run('dev', () => loginAsDemoCitizen(parsed.data.name));
  };

  const submitPassword = () => {
    if (!guardAgreement()) return;
    const parsed = PasswordLoginSchema.safeParse({ username, password });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? '请输入用户名和密码');
      return;
    }
    void run('password', () => loginWithPassword(parsed.data.username, parsed.data.password));
  };

  const pickPersona = (name: string) => {
    setPersona(name);
    setUsername(name);
    setPassword(DEMO_PASSWORD);
    setError(null);
  };

  return (
    <PageShell className="login-page">
      <View className="login-hero">
        <Text className="login-hero__title">掌上政务公开专区</Text>
        <Text className="login-hero__subtitle">登录后可预约政务公开讲、提交申请和咨询</Text>
      </View>

      {error ? <View className="zw-card zw-form-error login-error">{error}</View> : null}

      {IS_WEAPP ? (
        <View className="zw-card login-card">
          <Button id="login-wechat" type="primary" block loading={busy === 'wechat'} onClick={submitWechat}>
            微信一键登录
          </Button>
          {!showPassword ? (
            <View id="login-show-password" className="login-switch" onClick={() => setShowPassword(true)}>
              工作人员账号登录
            </View>
          ) : null}
        </View>
      ) : null}

      {!IS_WEAPP && meta.loading ? <LoadingState /> : null}

      {!IS_WEAPP && demo ? (
        <View className="zw-card login-card login-citizen">
          <Text className="login-card__title">群众体验登录</Text>
          <Text className="login-card__desc">演示环境：填写姓名或称呼，即以群众身份登录</Text>
          <View className="zw-field">
            <Input
              id="login-name"
              className="zw-field__input"
              value={name}
              maxlength={20}
              placeholder="请输入姓名或称呼"
              onInput={(e) => setName(e.detail.value)}
              onConfirm={submitDev}
            />
          </View>
          <Button id="login-submit" type="primary" block loading={busy === 'dev'} onClick={submitDev}>
            登录
          </Button>
        </View>
      ) : null}

      {!IS_WEAPP && meta.data && !demo ? (
        <View className="zw-card login-card login-citizen-note">
          <Text className="login-card__desc">群众请通过“掌上政务公开专区”微信小程序登录。</Text>
        </View>
      ) : null}

      {showPassword ? (
        <View className="zw-card login-card login-staff">
          <Text className="login-card__title">工作人员登录</Text>
          {demo ? (
            <>
              <Text className="login-card__desc">演示环境：选择一个工作人员身份，密码已自动填写</Text>
              <View className="zw-chips login-personas">
                {DEMO_PERSONAS.map((p) => (
                  <View
                    key={p.username}
                    className={`zw-chip login-persona login-persona--${p.username} ${
                      persona === p.username ? 'zw-chip--active' : ''
                    }`}
                    onClick={() => pickPersona(p.username)}
                  >
                    {p.label}
                  </View>
                ))}
              </View>
            </>
          ) : null}
          <View className="zw-field">
            <Text className="zw-field__label">用户名</Text>
            <Input
              id="login-username"
              className="zw-field__input"
              value={username}
              maxlength={64}
              placeholder="请输入用户名"
              onInput={(e) => {
                setUsername(e.detail.value);
                setPersona(null);
              }}
            />
          </View>
          <View className="zw-field">
            <Text className="zw-field__label">密码</Text>
            <Input
              id="login-password"
              className="zw-field__input"
              value={password}
              password
              maxlength={128}
              placeholder="请输入密码"
              onInput={(e) => setPassword(e.detail.value)}
              onConfirm={submitPassword}
            />
          </View>
          <Button
            id="login-password-submit"
            type="primary"
            block
            loading={busy === 'password'}
            onClick={submitPassword}
          >
            登录
          </Button>
        </View>
      ) : null}

      <View className="login-agreement">
        {IS_WEAPP ? (
          <View id="login-agree" className="login-agreement__check" onClick={() => setAgreed(!agreed)}>
            <View className={`login-checkbox ${agreed ? 'login-checkbox--on' : ''}`}>
              {agreed ? '✓' : ''}
            </View>
            <Text>我已阅读并同意</Text>
          </View>
        ) : (
          <Text>登录即表示您已阅读并同意</Text>
        )}
        <Text className="login-agreement__link" onClick={() => void Taro.navigateTo({ url: ROUTES.privacy })}>
          《用户隐私保护指引》
        </Text>
      </View>
    </PageShell>
  );
}
