import { observable, useObservable } from './observable';
import { STORAGE_KEYS, readStorage, writeStorage } from './storage';

/** 适老化大字模式: persisted in storage, applied by <PageShell> on every page. */
const largeFontStore = observable<boolean>(() => readStorage<boolean>(STORAGE_KEYS.largeFont) === true);

export function isLargeFont(): boolean {
  return largeFontStore.get();
}

export function setLargeFont(enabled: boolean): void {
  writeStorage(STORAGE_KEYS.largeFont, enabled);
  largeFontStore.set(enabled);
}

export function useLargeFont(): boolean {
  return useObservable(largeFontStore);
}
