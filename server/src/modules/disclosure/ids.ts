/** Request numbers (申请编号), pure. */

/** `赣公开申〔2026〕00042号` */
export function formatRequestNumber(year: number, seq: number): string {
  return `赣公开申〔${year}〕${String(seq).padStart(5, '0')}号`;
}

/** The claim key that makes `seq` of `organId` in `year` unique. */
export function seqClaimKey(organId: string, year: number, seq: number): string {
  return `seq:${organId}:${year}:${seq}`;
}

export function seqClaimPrefix(organId: string, year: number): string {
  return `seq:${organId}:${year}:`;
}
