/** Pure: the admins' ranking of organs from the three modules' per-organ figures. */
import type { ConsultationStats, DisclosureStats, RankingRow, SessionStats } from '@zwgk/types';

export function rankOrgans(
  organs: { id: string; name: string }[],
  d: DisclosureStats,
  s: SessionStats,
  c: ConsultationStats,
): RankingRow[] {
  const rows = organs.map((o) => {
    const dd = d.byOrgan.find((x) => x.organId === o.id);
    const ss = s.byOrgan.find((x) => x.organId === o.id);
    const cc = c.byOrgan.find((x) => x.organId === o.id);
    const consultationOnTimeRate = cc && cc.answered ? cc.onTimeAnswered / cc.answered : null;
    const rates = [
      dd?.onTimeRate ?? null,
      ss?.attendanceRate ?? null,
      consultationOnTimeRate,
      cc?.satisfiedShare ?? null,
    ].filter((r): r is number => r !== null);
    return {
      organId: o.id,
      organName: o.name,
      score: rates.length ? Math.round((rates.reduce((a, b) => a + b, 0) / rates.length) * 1000) / 10 : null,
      disclosureTotal: dd?.total ?? 0,
      disclosureOnTimeRate: dd?.onTimeRate ?? null,
      sessions: ss?.sessions ?? 0,
      attendanceRate: ss?.attendanceRate ?? null,
      consultations: cc?.total ?? 0,
      consultationOnTimeRate:
        consultationOnTimeRate === null ? null : Math.round(consultationOnTimeRate * 1000) / 1000,
      satisfiedShare: cc?.satisfiedShare ?? null,
    };
  });
  // Organs with figures first, best score first; then by name.
  return rows.sort(
    (a, b) =>
      Number(b.score !== null) - Number(a.score !== null) ||
      (b.score ?? 0) - (a.score ?? 0) ||
      a.organName.localeCompare(b.organName, 'zh'),
  );
}
