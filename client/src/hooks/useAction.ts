import { useState } from 'react';
import Taro from '@tarojs/taro';
import { ApiRequestError, NETWORK_ERROR_MESSAGE } from '../api';

/**
 * One user action at a time on a page: a busy flag for the buttons, the
 * server's Chinese message on failure, a success toast and a reload after.
 */
export function useAction(reload: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>, done: string) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await fn();
      void Taro.showToast({ title: done, icon: 'success' });
      await reload();
    } catch (e) {
      setError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
