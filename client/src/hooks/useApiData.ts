import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiRequestError, NETWORK_ERROR_MESSAGE } from '../api';

export interface ApiData<T> {
  data: T | null;
  loading: boolean;
  error: string | null;
  reload: () => Promise<void>;
}

/** Load data for a page: loading flag, Chinese error message, reload. `load` gets called again when deps change. */
export function useApiData<T>(load: () => Promise<T>, deps: readonly unknown[], enabled = true): ApiData<T> {
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState<boolean>(enabled);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    setLoading(true);
    setError(null);
    try {
      const value = await loadRef.current();
      if (ticket === latest.current) setData(value);
    } catch (e) {
      if (ticket === latest.current)
        setError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (enabled) void reload();
    else setLoading(false);
  }, [enabled, ...deps]);

  return { data, loading, error, reload };
}
