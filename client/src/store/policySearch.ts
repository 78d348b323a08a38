import { observable, useObservable } from './observable';

/** The keyword handed from 首页 to the 政策 tab (switchTab cannot carry a query string). */
const keywordStore = observable<string>(() => '');

export function setPolicyKeyword(keyword: string): void {
  keywordStore.set(keyword.trim());
}

export function usePolicyKeyword(): string {
  return useObservable(keywordStore);
}
