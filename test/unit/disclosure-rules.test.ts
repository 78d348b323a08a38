import { isValidResidentId, isValidUscc, maskIdNumber, DisclosureCreateSchema } from '@zwgk/types';
import { formatRequestNumber, seqClaimKey } from '../../server/src/modules/disclosure/ids';
import { decryptPii, encryptPii } from '../../server/src/modules/disclosure/pii';
import { buildTable3, type ReportInput } from '../../server/src/modules/disclosure/report';

describe('identity numbers', () => {
  test('resident ID: GB 11643 check digit and birth date', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('11010519491231002x')).toBe(true);
    expect(isValidResidentId('360102199003071236')).toBe(true);
    expect(isValidResidentId('360102199003071235')).toBe(false);
    expect(isValidResidentId('360102199002301236')).toBe(false); // 2月30日
    expect(isValidResidentId('36010219900307123')).toBe(false);
  });

  test('unified social credit code: GB 32100 check character', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidUscc('91360100MA35K2XQ07')).toBe(true);
    expect(isValidUscc('91360100MA35K2XQ08')).toBe(false);
    expect(isValidUscc('91360100MA35K2XI07')).toBe(false); // I is not in the alphabet
  });

  test('masking keeps four characters at each end', () => {
    expect(maskIdNumber('360102199003071236')).toBe('3601**********1236');
    expect(maskIdNumber('91360100MA35K2XQ07')).toBe('9136**********XQ07');
  });
});

describe('application schema', () => {
  const base = {
    organId: '0123456789abcdef01234567',
    applicant: {
      kind: 'natural',
      name: '刘洋',
      idType: 'resident_id',
      idNumber: '360102199003071236',
      phone: '13807001234',
    },
    info: {
      title: '南昌市老旧小区改造计划',
      description: '2026年南昌市东湖区老旧小区改造项目清单及资金安排',
    },
    delivery: { form: 'electronic', way: 'online' },
    declaration: true,
  };

  test('a valid natural-person request parses', () => {
    expect(DisclosureCreateSchema.safeParse(base).success).toBe(true);
  });

  test('a wrong check digit, a missing legal representative, post without address are refused', () => {
    const bad = DisclosureCreateSchema.safeParse({
      ...base,
      applicant: { ...base.applicant, idNumber: '360102199003071235' },
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['applicant.idNumber', '居民身份证号码有误，请核对（含末位校验码）'],
    ]);
    const org = DisclosureCreateSchema.safeParse({
      ...base,
      applicant: {
        kind: 'organization',
        orgType: 'commercial',
        name: '江西赣江建设有限公司',
        idType: 'uscc',
        idNumber: '91360100MA35K2XQ07',
        phone: '079186001234',
        contactName: '周敏',
      },
      delivery: { form: 'paper', way: 'post' },
    });
    expect(org.error!.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'applicant.address',
      'applicant.legalRepresentative',
    ]);
    const noDecl = DisclosureCreateSchema.safeParse({ ...base, declaration: false });
    expect(noDecl.error!.issues[0]!.message).toBe('请阅读并确认申请声明');
  });
});

describe('request numbers and encryption', () => {
  test('number format and claim key', () => {
    expect(formatRequestNumber(2026, 42)).toBe('赣公开申〔2026〕00042号');
    expect(seqClaimKey('abc', 2026, 7)).toBe('seq:abc:2026:7');
  });

  test('AES-256-GCM round trip; the envelope holds no plaintext; tampering fails', () => {
    const key = Buffer.alloc(32, 7);
    const sealed = encryptPii(key, '360102199003071236');
    expect(sealed).not.toContain('360102');
    expect(encryptPii(key, '360102199003071236')).not.toBe(sealed);
    expect(decryptPii(key, sealed)).toBe('360102199003071236');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('000000000000000000').toString('base64url');
    expect(() => decryptPii(key, parts.join('.'))).toThrow();
    expect(() => decryptPii(Buffer.alloc(32, 8), sealed)).toThrow();
  });
});

describe('annual report table 三', () => {
  const r = (p: Partial<ReportInput>): ReportInput => ({
    kind: 'natural',
    orgType: null,
    submittedOn: '2026-03-01',
    concludedOn: null,
    outcome: null,
    ...p,
  });
  const data: ReportInput[] = [
    r({ submittedOn: '2025-12-20', concludedOn: '2026-01-15', outcome: 'disclose' }), // carried in, done
    r({ submittedOn: '2025-12-28', kind: 'organization', orgType: 'legal_service' }), // carried in, still open
    r({ submittedOn: '2025-06-01', concludedOn: '2025-06-20', outcome: 'disclose' }), // last year only
    r({ concludedOn: '2026-03-20', outcome: 'partial' }),
    r({ kind: 'organization', orgType: 'commercial', concludedOn: '2026-04-01', outcome: 'refuse_4' }),
    r({ kind: 'organization', orgType: 'research', concludedOn: '2026-04-01', outcome: 'unable_1' }),
    r({ concludedOn: '2026-05-01', outcome: 'other_3' }),
    r({ submittedOn: '2026-12-30' }), // carried out
    r({ submittedOn: '2027-01-02' }), // next year
  ];

  test('rows, columns and the balance check', () => {
    const t = buildTable3(2026, data);
    const row = (key: string) => t.rows.find((x) => x.key === key)!.values;
    expect(t.columns.map((c) => c.label)).toEqual([
      '自然人',
      '商业企业',
      '科研机构',
      '社会公益组织',
      '法律服务机构',
      '其他',
      '总计',
    ]);
    expect(row('new')).toEqual({
      natural: 3,
      commercial: 1,
      research: 1,
      public_interest: 0,
      legal_service: 0,
      other: 0,
      total: 5,
    });
    expect(row('carried_in')).toMatchObject({ natural: 1, legal_service: 1, total: 2 });
    expect(row('results_total')).toMatchObject({ natural: 3, commercial: 1, research: 1, total: 5 });
    expect(row('carried_out')).toMatchObject({ natural: 1, legal_service: 1, total: 2 });
    expect(row('refuse_4').commercial).toBe(1);
    expect(row('refuse')).toMatchObject({ commercial: 1, total: 1 });
    expect(t.check.balanced).toBe(true);
    expect(t.check.columns.find((c) => c.key === 'total')).toEqual({
      key: 'total',
      left: 7,
      right: 7,
      ok: true,
    });
    expect(t.rows.map((x) => x.label)).toContain('（二）部分公开（区分处理的，只计这一情形，不计其他情形）');
    expect(t.rows.filter((x) => x.level === 2)).toHaveLength(19);
    expect(t.rows).toHaveLength(3 + 6 + 19 + 2);
  });
});
