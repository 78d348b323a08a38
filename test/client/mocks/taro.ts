// A small stand-in for @tarojs/taro: in-memory storage, jest.fn() for every API the app calls.
import { useEffect } from 'react';

export const storage = new Map<string, unknown>();

export interface MockRequestOptions {
  url: string;
  method?: string;
  data?: unknown;
  header?: Record<string, string>;
}

const Taro = {
  getStorageSync: jest.fn((key: string) => (storage.has(key) ? storage.get(key) : '')),
  setStorageSync: jest.fn((key: string, value: unknown) => {
    storage.set(key, value);
  }),
  removeStorageSync: jest.fn((key: string) => {
    storage.delete(key);
  }),
  request: jest.fn<Promise<{ statusCode: number; data: unknown }>, [MockRequestOptions]>(),
  showToast: jest.fn(() => Promise.resolve()),
  showLoading: jest.fn(() => Promise.resolve()),
  hideLoading: jest.fn(() => Promise.resolve()),
  showModal: jest.fn(() => Promise.resolve({ confirm: true, cancel: false })),
  navigateTo: jest.fn(() => Promise.resolve()),
  navigateBack: jest.fn(() => Promise.resolve()),
  redirectTo: jest.fn(() => Promise.resolve()),
  switchTab: jest.fn(() => Promise.resolve()),
  reLaunch: jest.fn(() => Promise.resolve()),
  makePhoneCall: jest.fn(() => Promise.resolve()),
  login: jest.fn(() => Promise.resolve({ code: 'test-code', errMsg: 'login:ok' })),
  getCurrentPages: jest.fn(() => [] as unknown[]),
};

export function useDidShow(fn: () => void): void {
  useEffect(() => {
    fn();
    // Runs once on mount, as a page's first show does.
  }, []);
}

export function useLaunch(fn: () => void): void {
  useDidShow(fn);
}

export function useLoad(fn: () => void): void {
  useDidShow(fn);
}

export function useShareAppMessage(): void {}

export function resetTaroMock(): void {
  storage.clear();
  Taro.request.mockReset();
}

export default Taro;
