/**
 * Demo data for 政策咨询: the topic → organ table and questions from demo citizens in every state,
 * dated relative to the seeding time on the working-day calendar: waiting, due today, overdue, answered
 * (on time and late) with ratings, one with a follow-up, one transferred, and three published as FAQ
 * entries of the policy library (with personal details removed). Loaded once (claim `seed:consultations-v1`).
 */
import { Types } from 'mongoose';
import {
  CONSULTATION_TOPICS,
  faqTopicsOf,
  scrubPersonalDetails,
  type ConsultationTopic,
  type Rating,
} from '@zwgk/types';
import {
  addDays,
  addWorkdays,
  chinaDate,
  workdaysBetween,
  type WorkCalendar,
} from '../modules/calendar/days';
import { createCalendarService } from '../modules/calendar';
import { consultationModels, type ConsultationDoc, type ReplyDoc } from '../modules/consultations/model';
import { PoliciesService } from '../modules/policies/service';
import { policyModels } from '../modules/policies/model';
import { DEFAULT_REPLY_WORKDAYS } from '@zwgk/types';
import type { SeedContext } from './demo';

/** Which organ answers which topic in the demo province. */
export const DEMO_ROUTES: Record<ConsultationTopic, string> = {
  生育: 'JX-WJW',
  上学: 'JX-JYT',
  就业: 'JX-RST',
  创业: 'JX-RST',
  养老: 'JX-RST',
  医疗: 'JX-WJW',
  纳税: 'JX-GKB',
  社保: 'JX-RST',
  住房: 'NC-GOV',
  其他: 'JX-GKB',
};

const CITIZENS = ['刘建国', '周晓燕', '吴志强', '郑丽华', '孙文博', '黄佳怡'];

interface DemoQuestion {
  topic: ConsultationTopic;
  who: number;
  /** Asked this many working days before the seeding day. */
  ago: number;
  question: string;
  consent: boolean;
  answer?: { after: number; text: string; staff: string };
  rating?: Rating;
  followUp?: { after: number; question: string; answer?: { after: number; text: string } };
  publish?: { question: string };
  transferredFrom?: string;
}

const QUESTIONS: DemoQuestion[] = [
  {
    topic: '生育',
    who: 0,
    ago: 12,
    question:
      '我叫刘建国，电话13907911234。我家二孩今年3月出生，请问育儿补贴需要在孩子多大之前申请？在哪里办理？',
    consent: true,
    answer: {
      after: 2,
      staff: '省卫健委人口家庭处',
      text: '您好！按照国家育儿补贴制度，3周岁以下婴幼儿均可申领育儿补贴，每孩每年3600元，按年发放至婴幼儿满3周岁。可通过“育儿补贴信息管理系统”或户籍所在地乡镇（街道）便民服务中心申请，需提供婴幼儿出生医学证明、户口簿和监护人银行卡信息。',
    },
    rating: '满意',
    publish: { question: '二孩今年出生，育儿补贴需要在孩子多大之前申请？在哪里办理？' },
  },
  {
    topic: '就业',
    who: 1,
    ago: 9,
    question: '我是今年的高校毕业生，还没有找到工作，请问离校未就业毕业生可以享受哪些就业帮扶政策？',
    consent: true,
    answer: {
      after: 3,
      staff: '省人社厅就业促进处',
      text: '您好！离校未就业高校毕业生可到户籍地或常住地公共就业服务机构进行实名登记，享受职业指导、岗位推荐、职业培训和就业见习等服务。参加就业见习的，见习期间由见习单位发放基本生活费，并可按规定享受见习补贴；灵活就业的，可按规定享受社会保险补贴。',
    },
    rating: '基本满意',
    publish: { question: '离校未就业的高校毕业生可以享受哪些就业帮扶政策？' },
  },
  {
    topic: '创业',
    who: 2,
    ago: 8,
    question:
      '想在南昌开一家小餐馆，听说可以申请创业担保贷款，个人最多能贷多少？需要什么条件？邮箱wzq1988@163.com',
    consent: true,
    answer: {
      after: 4,
      staff: '省人社厅就业促进处',
      text: '您好！符合条件的个人创业者可申请最高30万元的创业担保贷款，合伙创业的可适当提高额度，贷款期限最长3年，按规定给予贴息。申请人需为城镇登记失业人员、就业困难人员、返乡创业农民工、高校毕业生等重点群体，并已办理营业执照。具体可向经营所在地创业担保贷款经办机构咨询。',
    },
    rating: '满意',
    publish: { question: '个人申请创业担保贷款最多能贷多少？需要什么条件？' },
  },
  {
    topic: '养老',
    who: 3,
    ago: 10,
    question: '我母亲今年满60岁，一直在农村，没有交过养老保险，现在还能补缴城乡居民养老保险吗？',
    consent: false,
    answer: {
      after: 7,
      staff: '省人社厅养老保险处',
      text: '您好！城乡居民基本养老保险对新制度实施时已年满60周岁、未享受城镇职工基本养老保险待遇的，不用缴费即可按月领取基础养老金。对距领取年龄不足15年的，可按规定补缴。建议您携带老人身份证、户口簿到户籍所在地乡镇（街道）社保所办理。',
    },
    rating: '不满意',
  },
  {
    topic: '上学',
    who: 4,
    ago: 6,
    question: '孩子今年秋季上小学，我们是随迁子女，在南昌务工，需要准备哪些材料才能在居住地入学？',
    consent: true,
    answer: {
      after: 1,
      staff: '省教育厅基础教育处',
      text: '您好！随迁子女在居住地入学，一般需要提供监护人的居住证（或居住登记凭证）、户口簿、务工或经营证明以及儿童出生证明。各地报名时间和材料要求以当地教育局发布的招生公告为准，建议关注南昌市及所在区教育局的义务教育招生政策。',
    },
    followUp: {
      after: 2,
      question: '居住证要办满多久才可以？我们是今年2月才办的。',
    },
  },
  {
    topic: '医疗',
    who: 5,
    ago: 4,
    question: '异地就医备案后，在外省住院能直接结算吗？门诊慢特病也可以吗？',
    consent: true,
    answer: {
      after: 1,
      staff: '省卫健委医政医管处',
      text: '您好！办理异地就医备案后，在全国联网定点医疗机构住院可直接结算。门诊慢特病中高血压、糖尿病、恶性肿瘤门诊放化疗、尿毒症透析、器官移植术后抗排异治疗等病种已开通跨省直接结算，其他病种请先向参保地医保经办机构确认。',
    },
  },
  {
    topic: '纳税',
    who: 0,
    ago: 3,
    question: '个人所得税专项附加扣除中的3岁以下婴幼儿照护，每月可以扣除多少？夫妻双方怎么分？',
    consent: true,
  },
  {
    topic: '其他',
    who: 1,
    ago: 8,
    question: '政务公开专区每周几开放？周末可以去现场查阅政府信息吗？',
    consent: true,
  },
  {
    topic: '其他',
    who: 2,
    ago: 1,
    question: '想查阅我们县近三年的财政预决算报告，在哪里可以看到？',
    consent: false,
  },
  {
    topic: '社保',
    who: 3,
    ago: 7,
    question: '灵活就业人员在江西缴纳职工养老保险，缴费基数可以自己选吗？每年什么时候调整？',
    consent: true,
  },
  {
    topic: '住房',
    who: 4,
    ago: 2,
    question: '在南昌首次购房，公积金贷款最高额度是多少？我和爱人都在缴存。',
    consent: true,
  },
  {
    topic: '纳税',
    who: 5,
    ago: 5,
    question: '小规模纳税人月销售额10万元以下免征增值税的政策现在还执行吗？',
    consent: true,
    transferredFrom: 'JX-FGW',
  },
  {
    topic: '就业',
    who: 2,
    ago: 14,
    question: '企业吸纳脱贫人口就业，可以享受哪些税费减免和补贴？',
    consent: true,
    answer: {
      after: 5,
      staff: '省人社厅就业促进处',
      text: '您好！企业招用脱贫人口，与其签订1年以上劳动合同并依法缴纳社会保险费的，自签订劳动合同并缴纳社会保险当月起，在3年内按实际招用人数予以定额依次扣减增值税、城市维护建设税、教育费附加、地方教育附加和企业所得税优惠。同时可按规定申请一次性吸纳就业补贴。',
    },
    rating: '满意',
  },
];

function back(cal: WorkCalendar, from: string, n: number): string {
  let d = from;
  let left = n;
  while (left > 0) {
    d = addDays(d, -1);
    if (cal.day(d).workday) left--;
  }
  return d;
}

/** 09:30 China time on `day`, plus `minutes`. */
const atDay = (day: string, minutes = 0) =>
  new Date(new Date(`${day}T01:30:00Z`).getTime() + minutes * 60_000);

export async function seedConsultations(ctx: SeedContext): Promise<boolean> {
  if (!(await ctx.claims.claim('seed:consultations-v1', 'demo'))) return false;
  const m = consultationModels(ctx.conn);
  const organs = new Map((await ctx.accounts.listOrgans()).map((o) => [o.code, o]));
  const organId = (code: string) => {
    const o = organs.get(code);
    if (!o) throw new Error(`demo organ ${code} missing`);
    return new Types.ObjectId(o.id);
  };
  for (const topic of CONSULTATION_TOPICS) {
    await m.Route.replaceOne(
      { _id: topic },
      { organId: organId(DEMO_ROUTES[topic]), updatedBy: 'demo', updatedAt: ctx.now },
      { upsert: true },
    );
  }

  const cal = await createCalendarService(ctx.module).rules();
  const today = chinaDate(ctx.now);
  const people: { id: string; name: string }[] = [];
  for (const name of CITIZENS) {
    const login = await ctx.accounts.loginDev(name);
    people.push({ id: login.user.id, name });
  }
  const policies = new PoliciesService({
    models: policyModels(ctx.conn),
    claims: ctx.claims,
    accounts: ctx.accounts,
    now: () => ctx.now,
  });

  for (const [i, q] of QUESTIONS.entries()) {
    const askedOn = back(cal, today, q.ago);
    const askedAt = atDay(askedOn, i * 11);
    const dueOn = addWorkdays(cal, askedOn, DEFAULT_REPLY_WORKDAYS).date;
    const organCode = DEMO_ROUTES[q.topic];
    const organ = organs.get(organCode)!;
    const reply = (from: string, after: number, text: string, staff: string): ReplyDoc => {
      let on = from;
      for (let n = after; n > 0;) {
        on = addDays(on, 1);
        if (cal.day(on).workday) n--;
      }
      return {
        text,
        at: atDay(on, 300 + i),
        on,
        byId: 'demo-staff',
        byName: staff,
        organName: organ.name,
        workdays: workdaysBetween(cal, from, on),
      };
    };
    const answer = q.answer ? reply(askedOn, q.answer.after, q.answer.text, q.answer.staff) : null;
    let followUp: ConsultationDoc['followUp'] = null;
    if (answer && q.followUp) {
      const fOn = back(cal, today, Math.max(0, q.ago - q.answer!.after - q.followUp.after));
      followUp = {
        question: q.followUp.question,
        askedAt: atDay(fOn, 120),
        askedOn: fOn,
        dueOn: addWorkdays(cal, fOn, DEFAULT_REPLY_WORKDAYS).date,
        answer: q.followUp.answer ? reply(fOn, q.followUp.answer.after, q.followUp.answer.text, '') : null,
      };
    }
    const person = people[q.who]!;
    const _id = new Types.ObjectId();
    let published: ConsultationDoc['published'] = null;
    if (answer && q.publish && q.consent) {
      const staff = {
        id: new Types.ObjectId().toHexString(),
        displayName: q.answer!.staff,
        roles: ['staff' as const],
        organIds: [organ.id],
      };
      const question = scrubPersonalDetails(q.publish.question, [person.name]);
      const text = scrubPersonalDetails(answer.text, [person.name]);
      const faq = await policies.createFaq(staff, {
        organId: organ.id,
        policyId: null,
        question,
        answer: text,
        topics: faqTopicsOf(q.topic),
      });
      published = { faqId: faq.id, at: atDay(answer.on, 400), question, answer: text, byId: 'demo-staff' };
      await ctx.claims.claim(`cstfaq:${_id.toHexString()}`, _id.toHexString());
    }
    const status = followUp ? (followUp.answer ? 'closed' : 'followup') : answer ? 'answered' : 'pending';
    const doc: ConsultationDoc = {
      _id,
      userId: new Types.ObjectId(person.id),
      askerName: person.name,
      topic: q.topic,
      question: q.question,
      policy: null,
      session: null,
      imageIds: [],
      organId: organId(organCode),
      status,
      version: 0,
      askedAt,
      askedOn,
      dueOn,
      answer,
      followUp,
      rating: q.rating ?? null,
      ratingComment: q.rating === '不满意' ? '答复比承诺时间晚了两天' : null,
      ratedAt: q.rating && answer ? atDay(answer.on, 600) : null,
      consentPublish: q.consent,
      published,
      transfers: q.transferredFrom
        ? [
            {
              fromOrganId: organs.get(q.transferredFrom)!.id,
              toOrganId: organ.id,
              reason: '涉及税收政策，转由政务公开办协调税务部门答复',
              at: atDay(askedOn, 240),
              byId: 'demo-staff',
            },
          ]
        : [],
    };
    await m.Consultation.create(doc);
  }
  return true;
}
