import { useSyncExternalStore } from 'react';

/** A tiny observable value shared by every page (each WeChat page is its own React root). */
export interface Observable<T> {
  get(): T;
  set(value: T): void;
  subscribe(listener: () => void): () => void;
}

export function observable<T>(initial: () => T): Observable<T> {
  let loaded = false;
  let value: T;
  const listeners = new Set<() => void>();
  const get = (): T => {
    if (!loaded) {
      value = initial();
      loaded = true;
    }
    return value;
  };
  return {
    get,
    set(next) {
      value = next;
      loaded = true;
      listeners.forEach((listener) => listener());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useObservable<T>(store: Observable<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
