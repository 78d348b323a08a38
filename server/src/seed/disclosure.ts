/**
 * Demo data for 依申请公开: requests to the provincial open-government office (JX-GKB, where the
 * demo staff1 and reviewer1 work) and one to 人社厅, in every stage of their lifecycle, dated
 * relative to the seeding time on the working-day calendar: two waiting for receipt, one due soon,
 * one overdue, one in consultation, one waiting for a supplement, one in legal review, one with an
 * extension to approve, replies of several kinds earlier this year and one carried over from last
 * year. Stored through the disclosure service, so numbers are claimed and ID numbers encrypted.
 * Loaded once per database (claim `seed:disclosure-v1`).
 */
import { Types } from 'mongoose';
import type { AnswerKind, DisclosureStatus } from '@zwgk/types';
import { addDays, CalendarRules, chinaDate, type WorkCalendar } from '../modules/calendar/days';
import { createDisclosureService } from '../modules/disclosure';
import { supplementDueOn } from '../modules/disclosure/deadline';
import type { ImportRecord } from '../modules/disclosure/service';
import type { TimelineDoc } from '../modules/disclosure/model';
import type { SeedContext } from './demo';

const STAFF = '王芳';
const REVIEWER = '陈静';

function back(cal: WorkCalendar, from: string, n: number): string {
  let d = from;
  let left = n;
  while (left > 0) {
    d = addDays(d, -1);
    if (cal.day(d).workday) left--;
  }
  return d;
}

/** 10:00 China time on `day`, plus `minutes`. */
const atDay = (day: string, minutes = 0) =>
  new Date(new Date(`${day}T02:00:00Z`).getTime() + minutes * 60_000);

type Step = [
  day: string,
  action: string,
  actor: string,
  from: DisclosureStatus | null,
  to: DisclosureStatus,
  note: string | null,
  pub: boolean,
];
const steps = (list: Step[]): TimelineDoc[] =>
  list.map(([day, action, actorName, from, to, note, pub], i) => ({
    at: atDay(day, i * 7),
    action,
    actorId: actorName === '申请人' ? 'applicant' : 'demo-staff',
    actorName,
    from,
    to,
    note,
    public: pub,
  }));

interface Person {
  kind: 'natural' | 'organization';
  orgType?: ImportRecord['applicant']['orgType'];
  name: string;
  idNumber: string;
  phone: string;
  legalRepresentative?: string;
  contactName?: string;
  email?: string;
  address?: string;
}

const person = (p: Person): ImportRecord['applicant'] => ({
  kind: p.kind,
  orgType: p.kind === 'organization' ? (p.orgType ?? 'other') : null,
  name: p.name,
  idType: p.kind === 'organization' ? 'uscc' : 'resident_id',
  idNumber: p.idNumber,
  legalRepresentative: p.legalRepresentative ?? null,
  contactName: p.contactName ?? null,
  phone: p.phone,
  email: p.email ?? null,
  address: p.address ?? null,
});

const reply = (kind: AnswerKind, content: string, day: string, basis: string, repliedOn: string | null) => ({
  answerKind: kind,
  content,
  legalBasis: basis,
  draftedOn: day,
  draftedBy: 'demo-staff',
  review: repliedOn ? ('approved' as const) : ('pending' as const),
  reviewNote: null,
  reviewedBy: repliedOn ? 'demo-reviewer' : null,
  repliedOn,
});

export async function seedDisclosure(ctx: SeedContext): Promise<boolean> {
  if (!(await ctx.claims.claim('seed:disclosure-v1', 'demo'))) return false;
  const service = createDisclosureService(ctx.module);
  const organs = await ctx.accounts.listOrgans();
  const organ = (code: string) => organs.find((o) => o.code === code)!.id;
  const gkb = organ('JX-GKB');
  const cal = new CalendarRules();
  const today = chinaDate(ctx.now);
  const b = (n: number) => back(cal, today, n);
  const applicantId = () => new Types.ObjectId().toHexString();
  const base = {
    supplement: null,
    consultations: [],
    extension: null,
    reply: null,
    outcome: null,
    concludedOn: null,
  };

  const records: ImportRecord[] = [];
  const lastYear = Number(today.slice(0, 4)) - 1;

  // Carried over from last year, answered in January.
  {
    const sub = `${lastYear}-12-22`;
    const done = back(cal, `${lastYear + 1}-01-20`, 0);
    records.push({
      ...base,
      organId: gkb,
      applicantUserId: applicantId(),
      applicant: person({
        kind: 'natural',
        name: '熊志强',
        idNumber: '360103198506154414',
        phone: '13979112345',
      }),
      info: {
        title: `${lastYear}年江西省政府信息公开工作年度报告编制说明`,
        documentNumber: null,
        description: '申请获取省政府办公厅关于编制政府信息公开工作年度报告的通知及附件模板。',
      },
      delivery: { form: 'electronic', way: 'email' },
      status: 'closed',
      submittedAt: atDay(sub),
      receivedOn: sub,
      reply: reply(
        'disclose',
        '经审查，您申请的信息属于公开范围，已通过电子邮件发送。',
        done,
        '《条例》第三十六条第（二）项',
        done,
      ),
      outcome: 'disclose',
      concludedOn: done,
      timeline: steps([
        [sub, 'submit', '申请人', null, 'submitted', null, true],
        [sub, 'receive', STAFF, 'submitted', 'processing', null, true],
        [done, 'draft_reply', STAFF, 'processing', 'in_review', '予以公开', false],
        [done, 'approve_reply', REVIEWER, 'in_review', 'replied', '答复类型：予以公开', true],
        [done, 'close', STAFF, 'replied', 'closed', null, true],
      ]),
    });
  }

  // Answered earlier this year, one of each common kind.
  const answered: [number, Person, string, string, AnswerKind, string, string][] = [
    [
      120,
      { kind: 'natural', name: '罗丽华', idNumber: '360121197803220025', phone: '13607085566' },
      '南昌县2025年农村危房改造补助对象名单',
      '申请获取南昌县2025年度农村危房改造补助对象名单及补助标准。',
      'unable_1',
      '经查，该信息由南昌县人民政府制作和保存，本机关不掌握。请向南昌县人民政府申请。',
      '《条例》第三十六条第（五）项',
    ],
    [
      90,
      {
        kind: 'organization',
        orgType: 'legal_service',
        name: '江西豫章律师事务所',
        idNumber: '31360000MD01234566',
        phone: '0791-86781234',
        legalRepresentative: '邓文斌',
        contactName: '黄璐',
        address: '南昌市东湖区叠山路119号',
      },
      '某建设项目环境影响评价批复文件',
      '申请获取赣江新区某产业园项目环境影响评价报告书的批复文件及审批意见。',
      'partial',
      '经审查，批复文件予以公开；其中涉及商业秘密的工艺参数部分，经征求第三方意见后不予公开。',
      '《条例》第三十七条',
    ],
    [
      60,
      { kind: 'natural', name: '付国庆', idNumber: '360102196203150517', phone: '13870612233' },
      '反映小区物业问题',
      '小区物业长期不作为，要求政府部门查处物业公司并答复处理结果。',
      'reject_1',
      '您反映的事项属于信访投诉，不属于政府信息公开申请，建议通过12345热线或信访渠道反映。',
      '《条例》第三十九条第一款',
    ],
    [
      40,
      {
        kind: 'organization',
        orgType: 'research',
        name: '江西省社会科学院',
        idNumber: '12360000491012345N',
        phone: '0791-88596123',
        legalRepresentative: '张永刚',
        contactName: '吴倩',
      },
      '全省政务公开第三方评估原始打分表',
      '申请获取2025年度全省政务公开第三方评估中各设区市的原始打分表和评估底稿。',
      'refuse_6',
      '您申请的评估底稿属于行政机关在履行职责过程中形成的过程性信息，依法不予公开；评估结果已在省政府网站公开。',
      '《条例》第十六条第二款',
    ],
  ];
  for (const [ago, p, title, description, kind, content, basis] of answered) {
    const sub = b(ago);
    const done = back(cal, today, ago - 12);
    records.push({
      ...base,
      organId: gkb,
      applicantUserId: applicantId(),
      applicant: person(p),
      info: { title, documentNumber: null, description },
      delivery: { form: 'electronic', way: 'online' },
      status: 'closed',
      submittedAt: atDay(sub),
      receivedOn: sub,
      reply: reply(kind, content, done, basis, done),
      outcome: kind,
      concludedOn: done,
      timeline: steps([
        [sub, 'submit', '申请人', null, 'submitted', null, true],
        [sub, 'receive', STAFF, 'submitted', 'processing', null, true],
        [done, 'draft_reply', STAFF, 'processing', 'in_review', null, false],
        [done, 'approve_reply', REVIEWER, 'in_review', 'replied', null, true],
        [done, 'close', STAFF, 'replied', 'closed', null, true],
      ]),
    });
  }

  // Open work in the queue.
  const open = (
    p: Person,
    title: string,
    description: string,
    status: DisclosureStatus,
    receivedAgo: number | null,
    extra: Partial<ImportRecord> = {},
    more: Step[] = [],
    organId = gkb,
  ) => {
    const sub = receivedAgo === null ? today : b(receivedAgo);
    const list: Step[] = [[sub, 'submit', '申请人', null, 'submitted', null, true]];
    if (receivedAgo !== null) list.push([sub, 'receive', STAFF, 'submitted', 'processing', null, true]);
    records.push({
      ...base,
      organId,
      applicantUserId: applicantId(),
      applicant: person(p),
      info: { title, documentNumber: null, description },
      delivery: { form: 'electronic', way: 'online' },
      status,
      submittedAt: receivedAgo === null ? new Date(ctx.now.getTime() - 2 * 3600_000) : atDay(sub),
      receivedOn: receivedAgo === null ? null : sub,
      timeline: steps([...list, ...more]),
      ...extra,
    });
  };

  open(
    { kind: 'natural', name: '陈晓梅', idNumber: '360102199208214026', phone: '15979001122' },
    '南昌市2026年保障性租赁住房筹集计划',
    '申请获取南昌市2026年度保障性租赁住房筹集建设计划及各区项目清单。',
    'submitted',
    null,
  );
  open(
    {
      kind: 'organization',
      orgType: 'commercial',
      name: '江西绿源环保科技有限公司',
      idNumber: '91360100MA35K2XQ07',
      phone: '0791-88123456',
      legalRepresentative: '杨帆',
      contactName: '刘婷',
      address: '南昌市高新区火炬大街888号',
    },
    '省级生态环境保护专项资金分配结果',
    '申请获取2026年省级生态环境保护专项资金的分配结果、项目名单和资金额度。',
    'submitted',
    null,
    { delivery: { form: 'paper', way: 'post' } },
  );
  open(
    { kind: 'natural', name: '王建国', idNumber: '36010419690712001X', phone: '13576012345' },
    '红谷滩区沙井片区征收补偿安置方案',
    '申请获取红谷滩区沙井片区房屋征收补偿安置方案及征收决定公告。',
    'processing',
    16,
  );
  open(
    { kind: 'natural', name: '李秀英', idNumber: '360111195504183023', phone: '13907913344' },
    '全省城乡居民基本养老保险基金收支情况',
    '申请获取上一年度全省城乡居民基本养老保险基金收入、支出和结余情况。',
    'processing',
    23,
  );
  {
    const started = b(3);
    open(
      { kind: 'natural', name: '邹明', idNumber: '36012219881105243X', phone: '18679100456' },
      '瑶湖片区控制性详细规划调整批复',
      '申请获取瑶湖片区控制性详细规划局部调整的批复文件及调整前后对比图。',
      'consulting',
      10,
      {
        consultations: [
          {
            party: '南昌市自然资源和规划局',
            note: '信息由该局制作，征求其公开意见',
            startedOn: started,
            endedOn: null,
            result: null,
          },
        ],
      },
      [
        [
          started,
          'start_consultation',
          STAFF,
          'processing',
          'consulting',
          '征求南昌市自然资源和规划局意见，征求意见期间不计入答复期限',
          true,
        ],
      ],
    );
  }
  {
    const notice = b(2);
    const items = '您申请的“有关补贴文件”描述不明确，请补充说明文件名称、发布机关或大致发布时间。';
    open(
      { kind: 'natural', name: '胡小燕', idNumber: '36012419951230004X', phone: '13767045678' },
      '有关补贴文件',
      '想要有关补贴的文件，具体是家里老人的那种补贴。',
      'supplement_requested',
      4,
      {
        supplement: {
          requestedOn: notice,
          items,
          dueOn: supplementDueOn(cal, notice, 15),
          suppliedOn: null,
          text: null,
        },
      },
      [[notice, 'request_supplement', STAFF, 'processing', 'supplement_requested', items, true]],
    );
  }
  {
    const drafted = b(1);
    open(
      { kind: 'natural', name: '钟伟', idNumber: '360102198001012019', phone: '13698001234' },
      '省政府常务会议纪要（涉及营商环境部分）',
      '申请获取今年第三季度省政府常务会议纪要中涉及优化营商环境的部分内容。',
      'in_review',
      12,
      {
        reply: reply(
          'partial',
          '经审查，会议纪要中涉及优化营商环境的议定事项已形成正式文件并予以公开，现提供；纪要其余内容属于内部事务信息，不予公开。',
          drafted,
          '《条例》第三十七条、第十六条第一款',
          null,
        ),
      },
      [[drafted, 'draft_reply', STAFF, 'processing', 'in_review', '部分公开', false]],
    );
  }
  {
    const asked = b(1);
    open(
      {
        kind: 'organization',
        orgType: 'public_interest',
        name: '江西省青少年发展基金会',
        idNumber: '53360000509012345R',
        phone: '0791-86223344',
        legalRepresentative: '汪静',
        contactName: '谢磊',
      },
      '全省中小学校舍安全排查整改情况',
      '申请获取近三年全省中小学校舍安全隐患排查结果及整改完成情况汇总。',
      'processing',
      18,
      {
        extension: {
          days: 15,
          reason: '涉及11个设区市数据汇总，需逐一核实',
          status: 'pending',
          requestedOn: asked,
          decidedOn: null,
          decidedBy: null,
        },
      },
      [
        [
          asked,
          'request_extension',
          STAFF,
          'processing',
          'processing',
          '涉及11个设区市数据汇总，需逐一核实',
          false,
        ],
      ],
    );
  }
  open(
    { kind: 'natural', name: '黄海燕', idNumber: '360102198703065625', phone: '13803521234' },
    '2026年度事业单位公开招聘岗位核减情况',
    '申请获取2026年省直事业单位公开招聘中因报考人数不足而核减岗位的名单。',
    'processing',
    6,
    {},
    [],
    organ('JX-RST'),
  );

  records.sort((x, y) => x.submittedAt.getTime() - y.submittedAt.getTime());
  for (const r of records) await service.importRecord(r);
  return true;
}
