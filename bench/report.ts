/**
 * `npm run bench -- report [N]`: the annual disclosure report (table 三 + 四) over N requests
 * (default 100,000; or BENCH_REPORT_N), against a plain `countDocuments` over the same collection
 * in the same run.
 *
 * The requests are bulk-inserted through the model (not the API: 100,000 submissions would take
 * far longer than the report), spread over two years with a realistic mix: most of the older ones
 * concluded with the usual answer kinds, the recent ones still open. 70 % go to the provincial
 * open-government office (the organ reported on), the rest to four other organs.
 * Only organs and accounts are loaded as demo data: nothing else matters here.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Types } from 'mongoose';
import type { AnswerKind, DisclosureStatus, OrgType } from '@zwgk/types';
import { loadConfig } from '../config';
import { createApp } from '../server/src/app';
import { disclosureModels } from '../server/src/modules/disclosure/model';
import { encryptPii, piiFingerprint } from '../server/src/modules/disclosure/pii';
import { formatRequestNumber } from '../server/src/modules/disclosure/ids';
import { factOf } from '../server/src/modules/disclosure/report';
import mongoose from 'mongoose';
import { ensureFerretdbBinary, startFerretdb, type EmbeddedDb } from '../server/src/platform/ferretdb';
import { createLogger } from '../server/src/platform/logger';
import { seedAccounts } from '../server/src/seed/demo';
import { machineLine, ROOT } from './lib';

const N = Number(process.argv[2] ?? process.env.BENCH_REPORT_N ?? 100_000);
const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? (N >= 50_000 ? 1 : 3));
const YEAR = 2026;

/** Deterministic pseudo-random numbers, so every run inserts the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const OUTCOMES: [AnswerKind, number][] = [
  ['disclose', 38],
  ['partial', 8],
  ['refuse_4', 3],
  ['refuse_6', 3],
  ['refuse_1', 1],
  ['unable_1', 22],
  ['unable_2', 3],
  ['unable_3', 1],
  ['reject_1', 4],
  ['reject_2', 3],
  ['reject_3', 1],
  ['other_1', 6],
  ['other_2', 1],
  ['other_3', 6],
];
const ORG_TYPES: OrgType[] = ['commercial', 'research', 'public_interest', 'legal_service', 'other'];

function pick<T>(r: () => number, weighted: [T, number][]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1]![0];
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function main() {
  let db: EmbeddedDb | undefined;
  let dir: string | undefined;
  let uri = process.env.BENCH_MONGODB_URI;
  if (!uri) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-bench-report-'));
    db = await startFerretdb({ bin: ensureFerretdbBinary(ROOT), sqliteDir: dir });
    uri = db.uri;
  }
  const engine = db ? 'FerretDB 1.24 (SQLite), embedded' : 'MongoDB (BENCH_MONGODB_URI)';
  const config = loadConfig(
    { NODE_ENV: 'test', RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'silent', DB_NAME: 'bench_report' },
    ROOT,
  );
  // No socket timeout: the plain countDocuments baseline over 100,000 requests can take longer than
  // the app's 30 s on FerretDB-SQLite.
  const conn = await mongoose
    .createConnection(uri, { dbName: config.db.name, socketTimeoutMS: 0, serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  await conn.dropDatabase();
  const piiKey = Buffer.alloc(32, 9);
  const built = createApp({
    config,
    conn,
    logger: createLogger('silent'),
    jwtSecret: 'bench-secret-0123456789abcdef0123456789',
    piiKey,
  });
  await Promise.all(Object.values(conn.models).map((m) => m.init()));
  await seedAccounts(conn, built.context.claims, new Date());
  const server = http.createServer(built.app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const organs = await built.context.accounts.listOrgans();
  const gkb = organs.find((o) => o.code === 'JX-GKB')!.id;
  const others = organs.filter((o) => ['JX-FGW', 'JX-RST', 'JX-JYT', 'NC-GOV'].includes(o.code));
  const { Request, Remedy, Fact, ReportStamp } = disclosureModels(conn);

  // ---------- data ----------
  const r = rng(42);
  const idEnc = encryptPii(piiKey, '360102199003071236');
  const start = Date.UTC(YEAR - 1, 0, 1);
  const span = Date.UTC(YEAR, 10, 28) - start;
  const seqs = new Map<string, number>();
  const t0 = process.hrtime.bigint();
  let inserted = 0;
  let remedies = 0;
  const BATCH = 1000;
  while (inserted < N) {
    const docs: Record<string, unknown>[] = [];
    const facts: ReturnType<typeof factOf>[] = [];
    const rem: Record<string, unknown>[] = [];
    for (let i = 0; i < BATCH && inserted + docs.length < N; i++) {
      const organId = r() < 0.7 ? gkb : others[Math.floor(r() * others.length)]!.id;
      const submittedAt = new Date(start + Math.floor(r() * span));
      const submittedOn = day(submittedAt);
      const year = Number(submittedOn.slice(0, 4));
      const key = `${organId}:${year}`;
      const seq = (seqs.get(key) ?? 0) + 1;
      seqs.set(key, seq);
      const age = (Date.UTC(YEAR, 10, 28) - submittedAt.getTime()) / 86_400_000;
      // Older than ~40 days: almost all concluded; the recent ones mostly still open.
      const concluded = age > 40 ? r() < 0.995 : r() < 0.25;
      let status: DisclosureStatus;
      let outcome: AnswerKind | null = null;
      let concludedOn: string | null = null;
      if (concluded) {
        outcome = pick(r, OUTCOMES);
        status = outcome === 'other_3' ? 'withdrawn' : 'closed';
        concludedOn = day(new Date(submittedAt.getTime() + (5 + Math.floor(r() * 35)) * 86_400_000));
      } else {
        status = pick<DisclosureStatus>(r, [
          ['submitted', 10],
          ['processing', 55],
          ['supplement_requested', 10],
          ['consulting', 8],
          ['fee_pending', 2],
          ['in_review', 15],
        ]);
      }
      const natural = r() < 0.85;
      const _id = new Types.ObjectId();
      docs.push({
        _id,
        number: formatRequestNumber(year, seq),
        year,
        seq,
        organId: new Types.ObjectId(organId),
        applicantUserId: new Types.ObjectId(),
        applicant: {
          kind: natural ? 'natural' : 'organization',
          orgType: natural ? null : ORG_TYPES[Math.floor(r() * ORG_TYPES.length)],
          name: natural ? '申请人' : '某某有限公司',
          idType: natural ? 'resident_id' : 'uscc',
          idEnc,
          idMasked: '3601**********1236',
          idFingerprint: piiFingerprint(piiKey, `bench:${inserted + docs.length}`),
          legalRepresentative: null,
          contactName: null,
          phone: '13800000000',
          email: null,
          address: null,
        },
        info: {
          title: `关于某项目的政府信息（第${seq}号）`,
          documentNumber: null,
          description: '请提供该项目的批复文件、资金安排和实施情况等政府信息。',
        },
        delivery: { form: 'electronic', way: 'online' },
        status,
        version: 1,
        submittedAt,
        submittedOn,
        receivedOn: status === 'submitted' ? null : submittedOn,
        supplement: null,
        consultations: [],
        extension: null,
        reply: null,
        fee: null,
        idProofFileIds: [],
        assigneeId: null,
        assigneeName: null,
        outcome,
        concludedOn,
        timeline: [
          {
            at: submittedAt,
            action: 'submit',
            actorId: 'bench',
            actorName: '申请人',
            from: null,
            to: 'submitted',
            note: null,
            public: true,
          },
        ],
      });
      facts.push(
        factOf({
          id: _id.toHexString(),
          organId,
          kind: natural ? 'natural' : 'organization',
          orgType: natural
            ? null
            : ((docs[docs.length - 1]!.applicant as { orgType: OrgType }).orgType ?? null),
          submittedOn,
          concludedOn,
          outcome,
        }),
      );
      if (concluded && r() < 0.01) {
        const decided = r() < 0.7;
        rem.push({
          requestId: _id,
          organId: new Types.ObjectId(organId),
          kind: pick(r, [
            ['reconsideration', 6],
            ['litigation_direct', 3],
            ['litigation_after_reconsideration', 1],
          ]),
          filedOn: concludedOn,
          body: '江西省人民政府',
          caseNumber: null,
          result: decided
            ? pick(r, [
                ['upheld', 7],
                ['corrected', 2],
                ['other', 1],
              ])
            : 'pending',
          decidedOn: decided ? day(new Date(Date.parse(concludedOn!) + 60 * 86_400_000)) : null,
          note: null,
          recordedById: 'bench',
          recordedBy: 'bench',
          createdAt: new Date(),
          updatedAt: new Date(),
        });
      }
    }
    await Request.collection.insertMany(docs, { ordered: false });
    await Fact.collection.insertMany(facts as never[], { ordered: false });
    if (rem.length) await Remedy.collection.insertMany(rem, { ordered: false });
    inserted += docs.length;
    remedies += rem.length;
    if (inserted % 20_000 === 0 || inserted === N) process.stdout.write(`  inserted ${inserted}/${N}\n`);
  }
  const insertMs = ms(t0);

  // ---------- timing ----------
  const login = await fetch(`${url}/api/v1/auth/password`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'staff1', password: 'demo1234' }),
  });
  const { token } = (await login.json()) as { token: string };
  const auth = { headers: { Authorization: `Bearer ${token}` } };

  const countTimes: number[] = [];
  const countOrganTimes: number[] = [];
  const reportTimes: number[] = [];
  const xlsxTimes: number[] = [];
  const warmTimes: number[] = [];
  const oldTimes: number[] = [];
  let total = 0;
  let report: { check: { balanced: boolean }; rows: { key: string; values: { total: number } }[] } | null =
    null;
  for (let i = 0; i < RUNS; i++) {
    let t = process.hrtime.bigint();
    total = await Request.countDocuments({});
    countTimes.push(ms(t));
    t = process.hrtime.bigint();
    await Request.countDocuments({ organId: new Types.ObjectId(gkb) });
    countOrganTimes.push(ms(t));
    // A change to the organ's requests makes the cached report stale: the next one computes.
    await ReportStamp.replaceOne({ _id: gkb }, { stamp: `bench-${i}` }, { upsert: true });
    t = process.hrtime.bigint();
    const res = await fetch(`${url}/api/v1/disclosure/reports/${YEAR}?organ=${gkb}`, auth);
    report = (await res.json()) as typeof report;
    reportTimes.push(ms(t));
    if (res.status !== 200) throw new Error(`report answered ${res.status}`);
    t = process.hrtime.bigint();
    await (await fetch(`${url}/api/v1/disclosure/reports/${YEAR}?organ=${gkb}`, auth)).json();
    warmTimes.push(ms(t));
    // The report's former query: the same selection over the full request documents.
    t = process.hrtime.bigint();
    await Request.find(
      {
        organId: new Types.ObjectId(gkb),
        submittedOn: { $lte: `${YEAR}-12-31` },
        $or: [{ concludedOn: null }, { concludedOn: { $gte: `${YEAR - 1}-12-31` } }],
      },
      { 'applicant.kind': 1, 'applicant.orgType': 1, submittedOn: 1, concludedOn: 1, outcome: 1 },
    ).lean();
    oldTimes.push(ms(t));
    t = process.hrtime.bigint();
    const x = await fetch(`${url}/api/v1/disclosure/reports/${YEAR}?organ=${gkb}&format=xlsx`, auth);
    await x.arrayBuffer();
    xlsxTimes.push(ms(t));
  }

  const row = (k: string) => report!.rows.find((x) => x.key === k)!.values.total;
  const c = median(countTimes);
  console.log(`machine: ${machineLine()}; engine: ${engine}`);
  console.log(
    `data: ${total} requests (${inserted} inserted in ${(insertMs / 1000).toFixed(1)} s), ${remedies} reconsideration/litigation records`,
  );
  console.log(
    `report ${YEAR}, 江西省人民政府政务公开办公室: 新收 ${row('new')}, 上年结转 ${row('carried_in')}, 办结 ${row('results_total')}, 结转下年度 ${row('carried_out')}, balanced: ${report!.check.balanced}`,
  );
  console.log(RUNS > 1 ? `median of ${RUNS} runs (ms):` : 'one run (ms):');
  const lines: [string, number][] = [
    ['countDocuments({}) over the collection', c],
    ['countDocuments({ organId })', median(countOrganTimes)],
    ['GET /disclosure/reports/:year (computed)', median(reportTimes)],
    ['GET /disclosure/reports/:year (cached)', median(warmTimes)],
    ['GET /disclosure/reports/:year?format=xlsx (cached)', median(xlsxTimes)],
    ['(before) same selection over the requests', median(oldTimes)],
  ];
  for (const [label, v] of lines)
    console.log(
      `  ${label.padEnd(52)} ${v.toFixed(1).padStart(10)}   ×${(v / c).toFixed(1)} of countDocuments`,
    );

  server.closeAllConnections();
  await new Promise((res) => server.close(res));
  built.close();
  await conn.dropDatabase().catch(() => undefined);
  await conn.close();
  await db?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
