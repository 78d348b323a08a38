/**
 * Demo data for 政务公开讲: three open-government zones in 南昌 and sessions over
 * the coming weeks by several organs (relative to the seeding time), some
 * nearly full, one full with a waiting list, one not yet open, one cancelled
 * and one draft. Bookings are made through the service, so they hold real
 * seat and waiting-list claims. Loaded once per database (claim `seed:sessions-v1`).
 */
import { Types } from 'mongoose';
import type { AuthUser } from '../platform/routing';
import { createLogger } from '../platform/logger';
import { sessionModels } from '../modules/sessions/model';
import { SessionsService } from '../modules/sessions/service';
import type { SeedContext } from './demo';

const ZONES = [
  {
    key: 'province',
    organ: 'JX-GKB',
    name: '江西省政务服务中心政务公开专区',
    address: '江西省南昌市红谷滩区丰和中大道1388号江西省政务服务中心一楼东侧',
    latitude: 28.6857,
    longitude: 115.8512,
    openingHours: '周一至周五 9:00-12:00，13:30-17:00（法定节假日除外）',
    phone: '0791-88915200',
    services: ['信息查阅', '政府信息申请', '政务自助办理', '互动展示', '政策咨询窗口'],
    description: '集中展示省政府及省直部门公开的政策文件和解读材料，提供政府信息公开申请受理和政策咨询服务。',
  },
  {
    key: 'city',
    organ: 'NC-GOV',
    name: '南昌市民中心政务公开专区',
    address: '江西省南昌市红谷滩区赣江中大道1218号南昌市民中心B区二楼',
    latitude: 28.6943,
    longitude: 115.8616,
    openingHours: '周一至周五 9:00-17:00，周六 9:00-12:00（法定节假日除外）',
    phone: '0791-83888660',
    services: ['信息查阅', '政府信息申请', '政务自助办理', '政策咨询窗口'],
    description: '设置政策查阅终端、政策咨询窗口和政务公开讲活动室，可容纳80人参加现场政策解读活动。',
  },
  {
    key: 'county',
    organ: 'NCX-GOV',
    name: '南昌县政务服务中心政务公开专区',
    address: '江西省南昌市南昌县莲塘镇澄湖东路288号南昌县政务服务中心一楼',
    latitude: 28.5468,
    longitude: 115.9437,
    openingHours: '周一至周五 8:30-12:00，14:30-17:30（法定节假日除外）',
    phone: '0791-85712345',
    services: ['信息查阅', '政府信息申请', '政策咨询窗口'],
    description: '面向县域群众和企业提供政府信息查阅、依申请公开受理及涉农惠民政策咨询。',
  },
] as const;

interface SeedSession {
  organ: string;
  zone: (typeof ZONES)[number]['key'];
  title: string;
  topic: string;
  description: string;
  speakers: { name: string; title: string }[];
  room: string;
  /** Days after the seeding day (Beijing time), start hour and minute, duration in minutes. */
  day: number;
  at: [number, number];
  minutes: number;
  capacity: number;
  /** Booking opens this many days after seeding (default: already open). */
  opensInDays?: number;
  status?: 'draft' | 'published' | 'cancelled';
  cancelReason?: string;
  /** How many demo citizens book (beyond capacity → waiting list). */
  bookings: number;
  /** Titles of demo policies explained at the session (linked when published). */
  policies?: string[];
}

const SESSIONS: SeedSession[] = [
  {
    organ: 'JX-RST',
    zone: 'province',
    title: '高校毕业生就业创业扶持政策解读',
    policies: ['关于进一步做好高校毕业生等青年就业创业工作的通知', '江西省创业担保贷款实施办法'],
    topic: '就业创业',
    description:
      '围绕高校毕业生一次性求职创业补贴、创业担保贷款、见习补贴和基层就业服务项目，讲解申领条件、办理渠道和所需材料，现场解答毕业生及家长提问。',
    speakers: [
      { name: '刘志明', title: '省人力资源和社会保障厅就业促进处处长' },
      { name: '黄丽', title: '省就业创业服务中心副主任' },
    ],
    room: '一楼政策解读室',
    day: 2,
    at: [14, 30],
    minutes: 90,
    capacity: 60,
    bookings: 3,
  },
  {
    organ: 'JX-RST',
    zone: 'city',
    title: '城乡居民基本养老保险缴费与待遇领取政策讲解',
    policies: ['江西省城乡居民基本养老保险实施办法'],
    topic: '社会保障',
    description:
      '讲解城乡居民基本养老保险缴费档次、政府补贴标准、待遇领取条件和资格认证方式，演示“赣服通”线上缴费和待遇查询操作。',
    speakers: [{ name: '陈晓燕', title: '省社会保险事业管理局养老保险科科长' }],
    room: 'B区二楼活动室',
    day: 5,
    at: [9, 30],
    minutes: 90,
    capacity: 6,
    bookings: 9,
  },
  {
    organ: 'JX-JYT',
    zone: 'province',
    title: '义务教育阶段招生入学政策解读',
    policies: ['江西省义务教育学校招生入学工作办法'],
    topic: '教育',
    description:
      '解读义务教育免试就近入学、随迁子女入学和招生信息公开要求，说明报名时间安排和所需材料，现场回答家长关心的学区划分等问题。',
    speakers: [{ name: '王建华', title: '省教育厅基础教育处副处长' }],
    room: '一楼政策解读室',
    day: 7,
    at: [14, 30],
    minutes: 90,
    capacity: 10,
    bookings: 8,
  },
  {
    organ: 'NCX-GOV',
    zone: 'county',
    title: '农村低收入人口住房安全保障政策解读',
    policies: ['南昌县农村低收入群体等重点对象住房安全保障实施方案'],
    topic: '住房',
    description:
      '介绍农村低收入群体住房安全保障对象认定、补助标准、申请程序和资金公示要求，现场受理政策咨询。',
    speakers: [{ name: '涂永红', title: '南昌县住房和城乡建设局副局长' }],
    room: '一楼会商室',
    day: 3,
    at: [9, 30],
    minutes: 60,
    capacity: 30,
    bookings: 2,
  },
  {
    organ: 'JX-WJW',
    zone: 'city',
    title: '生育支持政策与生育津贴申领指南',
    policies: ['关于做好职工生育津贴发放工作的通知', '江西省生育登记服务管理办法'],
    topic: '生育',
    description: '解读生育保险待遇、育儿补贴、托育服务支持等生育支持措施，讲解生育津贴申领流程与常见问题。',
    speakers: [{ name: '邹敏', title: '省卫生健康委人口家庭处处长' }],
    room: 'B区二楼活动室',
    day: 9,
    at: [14, 30],
    minutes: 90,
    capacity: 40,
    bookings: 1,
  },
  {
    organ: 'NC-GOV',
    zone: 'city',
    title: '南昌市优化营商环境若干措施政策宣讲',
    topic: '营商环境',
    description:
      '面向中小企业和个体工商户，宣讲市场准入、涉企收费清单、惠企政策免申即享等措施，现场听取企业意见建议。',
    speakers: [{ name: '罗斌', title: '南昌市发展和改革委员会副主任' }],
    room: 'B区二楼活动室',
    day: 12,
    at: [9, 30],
    minutes: 120,
    capacity: 80,
    opensInDays: 4,
    bookings: 0,
  },
  {
    organ: 'JX-GKB',
    zone: 'province',
    title: '政府信息公开申请怎么办：依申请公开流程讲解',
    policies: ['江西省政府信息公开申请办理工作规范', '2023年江西省政务公开工作要点'],
    topic: '政务公开',
    description:
      '依据《中华人民共和国政府信息公开条例》，讲解如何提出政府信息公开申请、补正和答复期限、收费规定及救济途径。',
    speakers: [{ name: '周文', title: '省人民政府政务公开办公室二级调研员' }],
    room: '一楼政策解读室',
    day: 14,
    at: [14, 30],
    minutes: 90,
    capacity: 50,
    bookings: 0,
  },
  {
    organ: 'JX-FGW',
    zone: 'province',
    title: '“高效办成一件事”改革政策解读',
    topic: '营商环境',
    description: '解读“高效办成一件事”重点事项清单及线上线下办理渠道，介绍企业和群众办事的变化。',
    speakers: [{ name: '熊伟', title: '省发展和改革委员会体改处处长' }],
    room: '一楼政策解读室',
    day: 4,
    at: [9, 30],
    minutes: 90,
    capacity: 50,
    status: 'cancelled',
    cancelReason: '因主讲人临时公务安排，本场次取消，改期后将另行发布。',
    bookings: 0,
  },
  {
    organ: 'JX-RST',
    zone: 'province',
    title: '职业技能等级认定政策解读',
    topic: '就业创业',
    description: '介绍职业技能等级认定的申报条件、评价机构和证书查询方式，以及技能提升补贴的申领办法。',
    speakers: [{ name: '李华', title: '省职业技能鉴定指导中心科长' }],
    room: '一楼政策解读室',
    day: 20,
    at: [14, 30],
    minutes: 90,
    capacity: 40,
    status: 'draft',
    bookings: 0,
  },
];

const CITIZENS = ['刘建国', '王秀兰', '张伟', '李娜', '陈晓东', '杨丽华', '赵敏', '黄志强', '周婷'];

/** The instant `days` after `now`'s Beijing calendar day at hh:mm Beijing time. */
function beijingAt(now: Date, days: number, hh: number, mm: number): Date {
  const b = new Date(now.getTime() + 8 * 3600_000);
  const midnightUtc = Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate()) - 8 * 3600_000;
  return new Date(midnightUtc + days * 86400_000 + (hh * 60 + mm) * 60_000);
}

export async function seedSessions(ctx: SeedContext): Promise<boolean> {
  if (!(await ctx.claims.claim('seed:sessions-v1', 'demo'))) return false;
  const m = sessionModels(ctx.conn);
  // Another instance may still be loading the demo organs (its own claim): wait for them.
  const needed = new Set([...ZONES.map((z) => z.organ), ...SESSIONS.map((x) => x.organ)]);
  let organs = new Map<string, string>();
  for (let i = 0; i < 300; i++) {
    organs = new Map((await ctx.accounts.listOrgans()).map((o) => [o.code, o.id]));
    if ([...needed].every((code) => organs.has(code))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (![...needed].every((code) => organs.has(code))) {
    // No demo organs in this database: leave the sessions demo unloaded (and retryable).
    await ctx.claims.release('seed:sessions-v1');
    return false;
  }
  const organ = (code: string) => {
    const id = organs.get(code);
    if (!id) throw new Error(`demo organ ${code} is missing`);
    return new Types.ObjectId(id);
  };
  const now = ctx.now;

  const zoneIds = new Map<string, Types.ObjectId>();
  for (const z of ZONES) {
    const { key, organ: code, ...fields } = z;
    const doc = await m.Zone.create({
      ...fields,
      services: [...z.services],
      organId: organ(code),
      createdAt: now,
    });
    zoneIds.set(key, doc._id);
  }

  // Related policies by title, from the demo library when it is loaded (a seed may scan).
  const policyIds = new Map<string, string>();
  for (const p of await ctx.conn
    .collection('policies')
    .find({ status: 'published' }, { projection: { title: 1 } })
    .toArray())
    if (!policyIds.has(String(p.title))) policyIds.set(String(p.title), String(p._id));

  const sessions: { id: string; bookings: number }[] = [];
  for (const s of SESSIONS) {
    const startsAt = beijingAt(now, s.day, s.at[0], s.at[1]);
    const doc = await m.Session.create({
      title: s.title,
      description: s.description,
      topic: s.topic,
      organId: organ(s.organ),
      speakers: s.speakers,
      zoneId: zoneIds.get(s.zone)!,
      room: s.room,
      startsAt,
      endsAt: new Date(startsAt.getTime() + s.minutes * 60_000),
      capacity: s.capacity,
      bookingOpensAt: s.opensInDays
        ? beijingAt(now, s.opensInDays, 9, 0)
        : new Date(now.getTime() - 86400_000),
      bookingClosesAt: startsAt,
      cancelCutoff: new Date(startsAt.getTime() - 2 * 3600_000),
      status: s.status ?? 'published',
      cancelReason: s.cancelReason ?? null,
      policyIds: (s.policies ?? []).flatMap((title) => policyIds.get(title) ?? []),
      createdBy: null,
      createdAt: now,
      updatedAt: now,
    });
    if (s.bookings) sessions.push({ id: doc._id.toHexString(), bookings: s.bookings });
  }

  const most = Math.max(0, ...sessions.map((s) => s.bookings));
  if (!most) return true;
  const service = new SessionsService({
    models: m,
    claims: ctx.claims,
    accounts: ctx.accounts,
    now: () => ctx.now,
    signingSecret: 'seed',
    logger: createLogger('silent'),
  });
  const people: AuthUser[] = [];
  for (const name of CITIZENS.slice(0, most)) {
    const login = await ctx.accounts.loginDev(name);
    people.push({ id: login.user.id, displayName: name, roles: ['citizen'], organIds: [] });
  }
  for (const s of sessions) {
    // One after another, so the waiting list has a clear order.
    for (const p of people.slice(0, s.bookings)) await service.book(p, s.id);
  }
  await seedHistory(ctx, m, organ, zoneIds, people);
  return true;
}

/**
 * Two sessions held in past weeks, with attendance, no-shows and feedback (for the attendance
 * statistics and the dashboard), and questions asked in advance for an upcoming session.
 */
async function seedHistory(
  ctx: SeedContext,
  m: ReturnType<typeof sessionModels>,
  organ: (code: string) => Types.ObjectId,
  zoneIds: Map<string, Types.ObjectId>,
  people: AuthUser[],
) {
  const now = ctx.now;
  const past = [
    {
      organ: 'JX-RST',
      zone: 'province',
      title: '失业保险稳岗返还政策解读（往期）',
      topic: '就业创业',
      day: -20,
      capacity: 8,
      attended: [true, true, true, true, true, false, true, false],
      ratings: [5, 4, 5, 4, 5, 0, 4, 0],
    },
    {
      organ: 'NC-GOV',
      zone: 'city',
      title: '南昌市公积金贷款新政解读（往期）',
      topic: '住房',
      day: -9,
      capacity: 6,
      attended: [true, true, false, true, true, true],
      ratings: [4, 3, 0, 5, 0, 4],
    },
  ];
  const comments = ['讲得很清楚，现场答疑很实用', '希望多举一些办理的实例', '', '材料清单很有帮助', ''];
  for (const [k, p] of past.entries()) {
    const startsAt = beijingAt(now, p.day, 14, 30);
    const endsAt = new Date(startsAt.getTime() + 90 * 60_000);
    const s = await m.Session.create({
      title: p.title,
      description: '往期政务公开讲：解读政策要点，现场解答群众和企业提问。',
      topic: p.topic,
      organId: organ(p.organ),
      speakers: [],
      zoneId: zoneIds.get(p.zone)!,
      room: '一楼政策解读室',
      startsAt,
      endsAt,
      capacity: p.capacity,
      bookingOpensAt: new Date(startsAt.getTime() - 10 * 86400_000),
      bookingClosesAt: startsAt,
      cancelCutoff: new Date(startsAt.getTime() - 2 * 3600_000),
      status: 'published',
      cancelReason: null,
      policyIds: [],
      createdBy: null,
      createdAt: now,
      updatedAt: now,
    });
    for (const [i, who] of people.slice(0, p.capacity).entries()) {
      const bookingId = new Types.ObjectId();
      const attended = p.attended[i]!;
      await m.Booking.create({
        _id: bookingId,
        sessionId: s._id,
        userId: new Types.ObjectId(who.id),
        userName: who.displayName,
        status: 'confirmed',
        code: `H${k + 2}${'ABCDEFGHJK'[i]}${'MNPQRSTUVW'[i]}${k + 3}${i + 2}`.slice(0, 6),
        seatNo: i + 1,
        waitSeq: null,
        createdAt: new Date(startsAt.getTime() - 5 * 86400_000),
        checkedInAt: attended ? new Date(startsAt.getTime() - 10 * 60_000 + i * 60_000) : null,
        checkedInBy: null,
        phone: null,
        noShowAt: attended ? null : endsAt,
      });
      const rating = p.ratings[i]!;
      if (attended && rating) {
        await m.Feedback.create({
          _id: bookingId,
          sessionId: s._id,
          userId: new Types.ObjectId(who.id),
          rating,
          comment: comments[(i + k) % comments.length]!,
          createdAt: endsAt,
        });
      }
    }
  }
  // Questions for the first upcoming published session of JX-RST.
  const next = await m.Session.findOne({
    organId: organ('JX-RST'),
    status: 'published',
    startsAt: { $gt: now },
  })
    .sort({ startsAt: 1 })
    .lean();
  if (!next) return;
  const questions = [
    '应届毕业生灵活就业，社保补贴怎么申请？',
    '灵活就业人员社保补贴的申领期限是多久？',
    '小微企业吸纳高校毕业生有哪些补贴？',
    '一次性创业补贴需要准备哪些材料？',
  ];
  for (const [i, text] of questions.entries()) {
    const who = people[i % people.length]!;
    await m.Question.create({
      sessionId: next._id,
      userId: new Types.ObjectId(who.id),
      userName: who.displayName,
      text,
      createdAt: new Date(now.getTime() - (questions.length - i) * 3600_000),
      answeredAt: null,
      answeredBy: null,
    });
  }
}
