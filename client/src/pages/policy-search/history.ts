/** Search history kept on the phone (local storage), newest first, at most 12, clearable. */
import { readStorage, removeStorage, writeStorage } from '../../store/storage';

const KEY = 'zwgk.policySearchHistory';
const MAX = 12;

export function readSearchHistory(): string[] {
  const v = readStorage<unknown>(KEY);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, MAX) : [];
}

export function addSearchHistory(keyword: string): string[] {
  const k = keyword.trim();
  if (!k) return readSearchHistory();
  const next = [k, ...readSearchHistory().filter((x) => x !== k)].slice(0, MAX);
  writeStorage(KEY, next);
  return next;
}

export function clearSearchHistory(): void {
  removeStorage(KEY);
}
