/**
 * Where the API lives. H5 is served by the API server itself, so it uses the same origin; the
 * mini-program gets its server from the build-time variable TARO_APP_API_BASE.
 */
export function apiBase(): string {
  if (process.env.TARO_ENV === 'h5') return '/api/v1';
  const origin = (process.env.TARO_APP_API_BASE || 'http://localhost:3000').replace(/\/+$/, '');
  return `${origin}/api/v1`;
}
