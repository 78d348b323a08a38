/**
 * `npm run bench -- search`: Chinese search over the policy library.
 *
 * For each library size (default 10,000 then 100,000; `npm run bench -- search
 * 100000` or SEARCH_BENCH_DOCS=10000,100000 to choose), on a fresh embedded
 * database: loads synthetic Chinese policy documents in bulk (models + the
 * index's bulk path, not HTTP), times re-indexing one changed document, then
 * runs a fixed query mix, a date-ordered search and the list without a query
 * through the HTTP API at concurrency 1 and 32, and prints p50/p95/p99 and
 * throughput against the baseline — `GET` of one policy by id through the same
 * stack — measured in the same run.
 */
import { Types } from 'mongoose';
import { normalizeDocNo, POLICY_KINDS, type PolicyTopic } from '@zwgk/types';
import { policyModels } from '../server/src/modules/policies/model';
import { PolicyIndex, policyPostings } from '../server/src/modules/policies/search';
import { htmlToText } from '../server/src/modules/policies/text';
import { load, machineLine, printTable, startBenchServer, type LoadResult } from './lib';

const SIZES = (
  process.argv.slice(2).length
    ? process.argv.slice(2)
    : (process.env.SEARCH_BENCH_DOCS ?? '10000,100000').split(',')
).map(Number);
if (!SIZES.every((n) => Number.isInteger(n) && n >= 100 && n <= 1_000_000)) {
  console.error('文档数应为 100 到 1000000 之间的整数（SEARCH_BENCH_DOCS=10000,100000 或参数）');
  process.exit(2);
}

/** Deterministic pseudo-random numbers (mulberry32), so every run loads the same library. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let rand = rng(20231128);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const SUBJECTS: { s: string; topic: PolicyTopic }[] = [
  { s: '城乡居民基本养老保险', topic: '养老' },
  { s: '企业职工基本养老保险', topic: '养老' },
  { s: '住房公积金提取', topic: '住房' },
  { s: '公共租赁住房保障', topic: '住房' },
  { s: '创业担保贷款', topic: '创业' },
  { s: '小微企业创业补贴', topic: '创业' },
  { s: '义务教育入学', topic: '上学' },
  { s: '学前教育资助', topic: '上学' },
  { s: '职工基本医疗保险报销', topic: '医疗' },
  { s: '门诊慢特病待遇', topic: '医疗' },
  { s: '高校毕业生就业见习', topic: '就业' },
  { s: '灵活就业人员社会保险补贴', topic: '就业' },
  { s: '个人所得税专项附加扣除', topic: '纳税' },
  { s: '增值税留抵退税', topic: '纳税' },
  { s: '生育津贴申领', topic: '生育' },
  { s: '婴幼儿照护服务', topic: '生育' },
  { s: '失业保险稳岗返还', topic: '社保' },
  { s: '工伤保险待遇', topic: '社保' },
  { s: '政府信息主动公开', topic: '政务公开' },
  { s: '政务公开专区建设', topic: '政务公开' },
];
const REGIONS = [
  '江西省',
  '南昌市',
  '九江市',
  '赣州市',
  '上饶市',
  '吉安市',
  '宜春市',
  '抚州市',
  '景德镇市',
  '萍乡市',
];
const ACTIONS = ['进一步做好', '加强', '规范', '优化', '做好', '深化', '完善', '调整'];
const FORMS = ['通知', '实施意见', '管理办法', '实施细则', '工作方案', '若干措施'];
const DOCNO_PREFIXES = ['赣府发', '赣府办字', '赣人社发', '赣医保发', '赣教发', '赣建发', '洪府发', '赣税发'];
const SENTENCES = [
  '为贯彻落实国家和省有关决策部署，结合本地实际，制定本{f}。',
  '{s}工作坚持以人民为中心，突出便民利民，做到应享尽享。',
  '符合条件的申请人可通过掌上政务公开专区或线下窗口办理{s}相关事项。',
  '各级人力资源社会保障、财政、税务等部门要按职责分工，加强协同配合。',
  '申请材料包括身份证明、户籍证明及相关证明材料，材料齐全的当场受理。',
  '经办机构应当在二十个工作日内作出决定，并告知申请人办理结果。',
  '对弄虚作假骗取待遇的，依法追回已发放资金，并记入信用记录。',
  '本{f}所称{s}，是指按照国家和省规定享受的相关待遇和服务。',
  '各地要做好政策宣传解读，主动回应群众关切，及时公开办理情况。',
  '补贴资金从就业补助资金中列支，实行专款专用，严禁挤占挪用。',
  '年满六十周岁、累计缴费满十五年的参保人员，可按月领取基本养老金。',
  '住房公积金缴存职工购买、建造、翻建、大修自住住房的，可以申请提取。',
  '创业担保贷款额度最高不超过三十万元，贷款期限最长不超过三年。',
  '适龄儿童少年应当按照划片招生的规定，就近进入公办学校接受义务教育。',
  '参保人员在定点医疗机构发生的符合规定的医疗费用，按比例予以报销。',
  '本{f}自印发之日起施行，有效期五年，由{r}人民政府负责解释。',
];

function makeDoc(i: number, organs: string[]) {
  const subj = pick(SUBJECTS);
  const region = pick(REGIONS);
  const form = pick(FORMS);
  const year = 2015 + Math.floor(rand() * 12);
  const title = `${region}关于${pick(ACTIONS)}${subj.s}的${form}`;
  const prefix = DOCNO_PREFIXES[i % DOCNO_PREFIXES.length]!;
  const docNo = `${prefix}〔${year}〕${Math.floor(i / DOCNO_PREFIXES.length) + 1}号`;
  const sentences = Array.from({ length: 6 }, () =>
    pick(SENTENCES).replace(/\{s\}/g, subj.s).replace(/\{f\}/g, form).replace(/\{r\}/g, region),
  );
  const body = sentences.map((x) => `<p>${x}</p>`).join('');
  const publishedAt = new Date(Date.UTC(year, Math.floor(rand() * 12), 1 + Math.floor(rand() * 27), 1));
  const second = pick(SUBJECTS).topic;
  return {
    _id: new Types.ObjectId(),
    indexNo: `900000001/${year}-${String(i).padStart(6, '0')}`,
    title,
    organId: new Types.ObjectId(pick(organs)),
    docNo,
    docNoNorm: normalizeDocNo(docNo),
    writtenAt: publishedAt.toISOString().slice(0, 10),
    publishedAt,
    category: '综合政务\\其他',
    topics: [...new Set([subj.topic, second])],
    kind: pick(POLICY_KINDS),
    validity: rand() < 0.1 ? ('失效' as const) : ('有效' as const),
    replacedBy: null,
    amendedBy: null,
    needsInterpretation: false,
    status: 'published' as const,
    returnReason: null,
    body,
    bodyText: htmlToText(body),
    interpText: '',
    interpCount: 0,
    // What a rebuild keeps on a published policy (its page reads these by _id).
    interpIds: [],
    faqIds: [],
    createdBy: new Types.ObjectId(),
    createdAt: publishedAt,
    updatedAt: publishedAt,
    rev: 1,
  };
}

async function main() {
  for (const n of SIZES) await run(n);
}

async function run(N: number) {
  rand = rng(20231128);
  const server = await startBenchServer();
  const conn = server.built.context.conn;
  const m = policyModels(conn);
  const index = new PolicyIndex(m, conn);
  index.onPhase = (name, ms) => console.log(`  index: ${name} (${(ms / 1000).toFixed(1)} s)`);
  const organs = (await server.built.context.accounts.listOrgans()).map((o) => o.id);

  console.log(`machine: ${machineLine()}; engine: ${server.engine}`);
  console.log(`loading ${N} synthetic documents …`);
  let t0 = performance.now();
  const sample: ReturnType<typeof makeDoc>[] = [];
  const owners: { id: string; postings: Map<string, string> }[] = [];
  const BATCH = 2000;
  for (let i = 0; i < N; i += BATCH) {
    const docs = Array.from({ length: Math.min(BATCH, N - i) }, (_, j) => makeDoc(i + j, organs));
    await m.Policy.collection.insertMany(docs);
    for (const d of docs)
      owners.push({ id: d._id.toHexString(), postings: policyPostings(d, [], []).postings });
    if (i === 0) sample.push(...docs.slice(0, 50));
  }
  const insertMs = performance.now() - t0;
  t0 = performance.now();
  await index.indexFresh(owners);
  const indexMs = performance.now() - t0;
  const postings = owners.reduce((s, o) => s + o.postings.size, 0);
  owners.length = 0;
  console.log(
    `inserted in ${(insertMs / 1000).toFixed(1)} s, indexed ${postings} postings in ${(indexMs / 1000).toFixed(1)} s`,
  );

  // Keeping the index current: one published document re-indexed (what a validity change or a
  // new interpretation costs), timed over a few documents.
  {
    const t1 = performance.now();
    const n = 5;
    for (const d of sample.slice(10, 10 + n)) {
      await m.Policy.updateOne({ _id: d._id }, { $set: { validity: '已修改' } });
      await index.rebuild(d._id);
    }
    console.log(
      `re-index of one document after a change: ${((performance.now() - t1) / n).toFixed(0)} ms (mean of ${n})`,
    );
  }

  const base = server.url;
  const one = sample[0]!;
  const docNoTyped = one.docNo.replace('〔', '[').replace('〕', ']');
  const organ = organs[0]!;
  const QUERIES = [
    'q=养老保险',
    `q=${encodeURIComponent(docNoTyped)}`,
    'q=住房公积金提取',
    'q=创业担保贷款&validity=有效',
    'q=义务教育 入学',
    'q=医疗保险报销&topic=医疗',
    `q=就业见习&organ=${organ}`,
    'q=专项附加扣除&kind=行政规范性文件',
    'q=生育津贴&from=2020-01-01&to=2024-12-31',
    'q=政务公开专区&limit=10',
  ].map((qs) =>
    qs.replace(/q=([^&]*)/, (_, v: string) => `q=${v.includes('%') ? v : encodeURIComponent(v)}`),
  );
  for (const qs of QUERIES) {
    const res = await fetch(`${base}/api/v1/policies?${qs}`);
    const body = (await res.json()) as { items: { title: string }[] };
    console.log(
      `  ${decodeURIComponent(qs)} → ${res.status}, ${body.items?.length ?? 0} items; first: ${body.items?.[0]?.title ?? '-'}`,
    );
  }

  const rows: LoadResult[] = [];
  const baselines = new Map<number, LoadResult>();
  for (const concurrency of [1, 32]) {
    const requests = concurrency === 1 ? 100 : 320;
    const b = await load({
      label: 'baseline: GET /api/v1/policies/:id',
      url: (i) => `${base}/api/v1/policies/${sample[i % sample.length]!._id.toHexString()}`,
      concurrency,
      requests,
    });
    baselines.set(concurrency, b);
    const s = await load({
      label: `search mix (${QUERIES.length} queries)`,
      url: (i) => `${base}/api/v1/policies?${QUERIES[i % QUERIES.length]}`,
      concurrency,
      requests,
    });
    const d = await load({
      label: 'search, sort=date (养老保险)',
      url: `${base}/api/v1/policies?q=${encodeURIComponent('养老保险')}&sort=date`,
      concurrency,
      requests: Math.ceil(requests / 5),
    });
    const browse = await load({
      label: 'list without q, newest first',
      url: `${base}/api/v1/policies?limit=20`,
      concurrency,
      requests: Math.ceil(requests / 5),
    });
    rows.push(b, s, d, browse);
  }
  printTable(
    `search over ${N} documents (+ demo data): latency and throughput against GET by id`,
    rows,
    (r) => baselines.get(r.concurrency),
  );
  const mix1 = rows.find((r) => r.concurrency === 1 && r.label.startsWith('search mix'))!;
  console.log(
    `\ntarget (at 100,000 documents): p95 < 50 ms at concurrency 1 → search mix over ${N} documents p95 ${mix1.p95.toFixed(1)} ms: ${mix1.p95 < 50 ? 'met' : 'NOT met'}\n`,
  );
  await server.close();
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
