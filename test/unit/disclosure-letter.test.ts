import { existsSync } from 'node:fs';
import {
  buildLetter,
  cnDate,
  DEFAULT_LETTER_FONT,
  decisionSentence,
  LetterFontMissing,
  renderLetterHtml,
  renderLetterPdf,
  type LetterData,
} from '../../server/src/modules/disclosure/letter';
import { buildTable3, buildTable4, factOf, inputOfFact } from '../../server/src/modules/disclosure/report';
import { similarity, terms } from '../../server/src/modules/disclosure/similar';

const data: LetterData = {
  organName: '江西省人民政府政务公开办公室',
  number: '赣公开申〔2026〕00001号',
  applicantName: '刘洋',
  submittedOn: '2026-04-18',
  receivedOn: '2026-04-20',
  supplementedOn: null,
  extension: { days: 10, reason: '需要调取多个年度的档案' },
  title: '2026年南昌市老旧小区改造项目清单',
  documentNumber: '洪府办字〔2026〕12号',
  answerKind: 'refuse_4',
  content: '具体理由：该信息涉及第三方个人隐私。\n第三方不同意公开。',
  legalBasis: '《条例》第十五条',
  repliedOn: '2026-05-12',
  draft: false,
  files: [],
};

describe('reply letter (答复书)', () => {
  test('says who, what, when, the decision, the article and both remedies', () => {
    const l = buildLetter(data);
    expect(l.heading).toBe('江西省人民政府政务公开办公室');
    expect(l.title).toBe('政府信息公开申请答复书');
    expect(l.salutation).toBe('刘洋：');
    const text = l.paragraphs.join('\n');
    expect(text).toContain('2026年4月18日收到您提交的政府信息公开申请（申请编号：赣公开申〔2026〕00001号）');
    expect(text).toContain('“2026年南昌市老旧小区改造项目清单”（洪府办字〔2026〕12号）');
    expect(text).toContain('本机关收到申请之日为2026年4月20日');
    expect(text).toContain('答复期限延长10个工作日');
    expect(text).toContain('根据《条例》第十五条的规定');
    expect(text).toContain('保护第三方合法权益，本机关决定不予公开');
    expect(text).toContain('第三方不同意公开。');
    expect(text).toContain('六十日内依法向行政复议机关申请行政复议');
    expect(text).toContain('六个月内依法向人民法院提起行政诉讼');
    expect(l.date).toBe('2026年5月12日');
  });

  test('each answer group has its own decision sentence', () => {
    expect(decisionSentence('disclose')).toContain('予以公开');
    expect(decisionSentence('partial')).toContain('可以公开的部分');
    expect(decisionSentence('unable_1')).toContain('不存在');
    expect(decisionSentence('reject_2')).toContain('“重复申请”');
    expect(decisionSentence('other_2')).toContain('缴纳信息处理费');
    expect(cnDate('2026-01-05')).toBe('2026年1月5日');
  });

  test('HTML escapes what people typed and lists the disclosed files; drafts are marked', () => {
    const html = renderLetterHtml(
      buildLetter({
        ...data,
        answerKind: 'disclose',
        content: '<script>alert(1)</script>见附件',
        files: ['清单.pdf'],
        draft: true,
      }),
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('1. 清单.pdf');
    expect(html).toContain('草稿');
  });

  test('PDF with the CJK font, and a clear error without it', async () => {
    await expect(renderLetterPdf(buildLetter(data), '/nonexistent/font.ttc')).rejects.toBeInstanceOf(
      LetterFontMissing,
    );
    if (!existsSync(DEFAULT_LETTER_FONT)) return;
    const pdf = await renderLetterPdf(buildLetter(data), DEFAULT_LETTER_FONT);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('WenQuanYiMicroHei');
  });
});

describe('table 四 (行政复议、行政诉讼)', () => {
  test('decided in the year by result, still open at its end as 尚未审结', () => {
    const t = buildTable4(2026, [
      { kind: 'reconsideration', filedOn: '2026-02-01', result: 'upheld', decidedOn: '2026-04-01' },
      { kind: 'reconsideration', filedOn: '2026-03-01', result: 'corrected', decidedOn: '2026-05-01' },
      { kind: 'reconsideration', filedOn: '2026-11-01', result: 'upheld', decidedOn: '2027-01-10' },
      { kind: 'litigation_direct', filedOn: '2026-06-01', result: 'pending', decidedOn: null },
      {
        kind: 'litigation_after_reconsideration',
        filedOn: '2025-10-01',
        result: 'other',
        decidedOn: '2026-01-20',
      },
      // decided last year: not in 2026; filed next year: not in 2026
      { kind: 'litigation_direct', filedOn: '2025-03-01', result: 'upheld', decidedOn: '2025-09-01' },
      { kind: 'litigation_direct', filedOn: '2027-01-05', result: 'pending', decidedOn: null },
    ]);
    expect(t.columns.map((c) => c.label)).toEqual(['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']);
    expect(t.blocks.map((b) => [b.label, b.values])).toEqual([
      ['行政复议', { upheld: 1, corrected: 1, other: 0, pending: 1, total: 3 }],
      ['行政诉讼：未经复议直接起诉', { upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 }],
      ['行政诉讼：复议后起诉', { upheld: 0, corrected: 0, other: 1, pending: 0, total: 1 }],
    ]);
  });
});

describe('重复申请 hint: wording similarity', () => {
  const a = {
    title: '2026年南昌市老旧小区改造项目清单',
    documentNumber: null,
    description: '请提供2026年东湖区纳入改造计划的小区名单、改造内容和资金安排。',
  };
  test('same 文号 whatever the brackets', () => {
    expect(
      similarity(
        { ...a, documentNumber: '洪府办字〔2026〕12号' },
        { title: '别的', documentNumber: '洪府办字[2026]12号', description: '完全不同的描述内容' },
      ),
    ).toEqual({ score: 1, similar: true });
  });
  test('nearly the same title is similar; another subject is not', () => {
    const b = {
      title: '南昌市2026年老旧小区改造项目名单',
      documentNumber: null,
      description: '东湖区老旧小区改造的名单和资金。',
    };
    expect(similarity(a, b).similar).toBe(true);
    const c = {
      title: '2025年全省高速公路收费标准',
      documentNumber: null,
      description: '请提供现行的高速公路车辆通行费收费标准文件。',
    };
    expect(similarity(a, c).similar).toBe(false);
    expect(similarity(a, c).score).toBeLessThan(0.3);
  });
  test('terms: CJK pairs and Latin words, boilerplate pairs dropped', () => {
    expect([...terms('公开ABC 小区')]).toEqual(expect.arrayContaining(['小区', 'abc']));
    expect(terms('请提供相关信息').has('提供')).toBe(false);
  });
});

describe('report facts: the small copy of a request the report reads', () => {
  test('round trip keeps the column, dates and outcome; table 三 is the same either way', () => {
    const reqs = [
      {
        kind: 'natural' as const,
        orgType: null,
        submittedOn: '2025-12-30',
        concludedOn: '2026-01-10',
        outcome: 'disclose' as const,
      },
      {
        kind: 'organization' as const,
        orgType: 'research' as const,
        submittedOn: '2026-03-01',
        concludedOn: null,
        outcome: null,
      },
      {
        kind: 'organization' as const,
        orgType: 'legal_service' as const,
        submittedOn: '2026-05-01',
        concludedOn: '2026-05-20',
        outcome: 'other_2' as const,
      },
    ];
    const facts = reqs.map((r, i) => factOf({ ...r, id: `r${i}`, organId: 'o1' }));
    expect(facts[1]).toEqual({ _id: 'r1', o: 'o1', c: 'research', s: '2026-03-01', e: null, k: null });
    expect(buildTable3(2026, facts.map(inputOfFact))).toEqual(buildTable3(2026, reqs));
  });
});
