import { api, type Meta } from '../api';

let cached: Promise<Meta> | null = null;

/** Public app facts (/meta): fetched once per launch, fetched again after a failure. */
export function loadMeta(): Promise<Meta> {
  if (!cached) {
    cached = api.meta({ toast: false }).catch((error: unknown) => {
      cached = null;
      throw error;
    });
  }
  return cached;
}

export function resetMetaCache(): void {
  cached = null;
}
