/** Distances on the phone: which zone hall is nearest (no map service needed). */

export interface Point {
  latitude: number;
  longitude: number;
}

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: Point, b: Point): number {
  const R = 6_371_000;
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** `850 米`, `3.2 公里`, `128 公里`. */
export function formatDistance(m: number): string {
  if (m < 1000) return `${Math.round(m / 10) * 10} 米`;
  if (m < 100_000) return `${(m / 1000).toFixed(1)} 公里`;
  return `${Math.round(m / 1000)} 公里`;
}

/** The nearest of `zones` with coordinates to `here`; without a position, the first zone. */
export function nearestZone<Z extends { latitude: number | null; longitude: number | null }>(
  zones: Z[],
  here: Point | null,
): { zone: Z; metres: number | null } | null {
  if (!zones.length) return null;
  if (!here) return { zone: zones[0]!, metres: null };
  let best: { zone: Z; metres: number | null } | null = null;
  for (const z of zones) {
    if (z.latitude === null || z.longitude === null) continue;
    const m = distanceMetres(here, { latitude: z.latitude, longitude: z.longitude });
    if (!best || m < (best.metres ?? Infinity)) best = { zone: z, metres: m };
  }
  return best ?? { zone: zones[0]!, metres: null };
}
