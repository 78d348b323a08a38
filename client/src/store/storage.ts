import Taro from '@tarojs/taro';

/** Storage keys used by the app; one place so nothing collides. */
export const STORAGE_KEYS = {
  session: 'zwgk.session',
  largeFont: 'zwgk.largeFont',
} as const;

export function readStorage<T>(key: string): T | null {
  try {
    const value: unknown = Taro.getStorageSync(key);
    return value === '' || value === undefined || value === null ? null : (value as T);
  } catch {
    return null;
  }
}

export function writeStorage(key: string, value: unknown): void {
  try {
    Taro.setStorageSync(key, value);
  } catch {
    // Storage full or unavailable (private mode): the setting then lasts for this visit only.
  }
}

export function removeStorage(key: string): void {
  try {
    Taro.removeStorageSync(key);
  } catch {
    // Nothing stored or storage unavailable: nothing to remove.
  }
}
