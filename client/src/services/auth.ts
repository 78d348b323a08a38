import Taro from '@tarojs/taro';
import type { LoginResult } from '@zwgk/types';
import { ApiRequestError, api } from '../api';
import { clearSession, getSession, saveLogin, updateSessionUser } from '../store/session';

/** Re-read the current user (roles, organs) from the server; quiet on failure. */
export async function refreshCurrentUser(): Promise<void> {
  if (!getSession()) return;
  try {
    const { user } = await api.me({ toast: false });
    updateSessionUser(user);
  } catch {
    // A 401 has already cleared the session; a network failure keeps the stored copy.
  }
}

/** WeChat login: wx.login code -> POST /auth/wechat. */
export async function loginWithWechat(): Promise<LoginResult> {
  let code: string;
  try {
    const res = await Taro.login();
    code = res.code;
  } catch {
    throw new ApiRequestError('微信登录失败，请稍后重试', 0, 'WECHAT_LOGIN_FAILED');
  }
  if (!code) throw new ApiRequestError('微信登录失败，请稍后重试', 0, 'WECHAT_LOGIN_FAILED');
  const result = await api.auth.wechat(code, { toast: false });
  saveLogin(result);
  return result;
}

export async function loginWithPassword(username: string, password: string): Promise<LoginResult> {
  const result = await api.auth.password(username, password, { toast: false });
  saveLogin(result);
  return result;
}

export async function loginAsDemoCitizen(name: string): Promise<LoginResult> {
  const result = await api.auth.dev(name, { toast: false });
  saveLogin(result);
  return result;
}

/** Revoke the refresh token on the server (best effort) and forget the session here. */
export async function logout(): Promise<void> {
  const session = getSession();
  clearSession();
  if (session) {
    try {
      await api.auth.logout(session.refreshToken);
    } catch {
      // Already logged out here; the server-side token expires on its own.
    }
  }
}
