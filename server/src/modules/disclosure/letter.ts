/**
 * 政府信息公开申请答复书: the text of the reply letter from the answer kind (pure), rendered as
 * printable HTML or as PDF with a CJK font (pdfkit). No Koa, no mongoose.
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { ANSWER_KINDS, type AnswerKind } from '@zwgk/types';

export const DEFAULT_LETTER_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
/** The face inside the WenQuanYi collection. */
const FONT_FACE = 'WenQuanYiMicroHei';

export interface LetterData {
  organName: string;
  number: string;
  applicantName: string;
  submittedOn: string;
  receivedOn: string | null;
  supplementedOn: string | null;
  extension: { days: number; reason: string } | null;
  title: string;
  documentNumber: string | null;
  answerKind: AnswerKind;
  content: string;
  legalBasis: string;
  repliedOn: string | null;
  /** Not yet through legal review: marked 草稿. */
  draft: boolean;
  /** Names of the disclosed files delivered with the letter. */
  files: string[];
}

export interface Letter {
  heading: string;
  title: string;
  number: string;
  salutation: string;
  paragraphs: string[];
  attachments: string[];
  signature: string;
  date: string;
  draft: boolean;
}

/** `2026-05-12` → `2026年5月12日` */
export function cnDate(d: string): string {
  const [y, m, day] = d.split('-');
  return `${y}年${Number(m)}月${Number(day)}日`;
}

const strip = (label: string) => label.replace(/^\d+\./, '');

/** The decision sentence for each group of answer kinds (art. 36–39 of the Regulations). */
export function decisionSentence(kind: AnswerKind): string {
  const reason = strip(ANSWER_KINDS[kind].label);
  const group = kind.split('_')[0];
  switch (group) {
    case 'disclose':
      return '经审查，您申请获取的政府信息属于公开范围，本机关决定予以公开。';
    case 'partial':
      return '经审查，您申请获取的政府信息中含有依法不应公开的内容，且能够作区分处理，本机关决定向您提供可以公开的部分。';
    case 'refuse':
      return `经审查，您申请获取的政府信息${reason}，本机关决定不予公开。`;
    case 'unable':
      return kind === 'unable_1'
        ? '经检索查找，本机关未制作或者获取您申请的政府信息，该政府信息不存在，本机关无法提供。'
        : kind === 'unable_2'
          ? '经审查，您申请获取的政府信息需要本机关对现有政府信息进行加工、分析，本机关无法提供。'
          : '经审查，您补正后的申请内容仍不明确，本机关无法提供。';
    case 'reject':
      return `经审查，您的申请属于“${reason}”的情形，本机关不予处理。`;
    default:
      return kind === 'other_1'
        ? '您未在补正期限内补正申请内容，视为放弃申请，本机关不再处理该政府信息公开申请。'
        : kind === 'other_2'
          ? '您未在收费通知要求的期限内缴纳信息处理费，本机关不再处理该政府信息公开申请。'
          : '现就您的申请作出如下处理。';
  }
}

export function buildLetter(d: LetterData): Letter {
  const wanted = d.documentNumber ? `“${d.title}”（${d.documentNumber}）` : `“${d.title}”`;
  const received = d.receivedOn ?? d.submittedOn;
  let intro = `本机关于${cnDate(d.submittedOn)}收到您提交的政府信息公开申请（申请编号：${d.number}），申请获取${wanted}。`;
  if (d.supplementedOn) intro += `经本机关告知补正，您于${cnDate(d.supplementedOn)}提交了补正后的申请。`;
  else if (received !== d.submittedOn) intro += `本机关收到申请之日为${cnDate(received)}。`;
  if (d.extension)
    intro += `因${d.extension.reason.replace(/[。.]$/, '')}，经本机关政府信息公开工作机构负责人同意，答复期限延长${d.extension.days}个工作日。`;
  const paragraphs = [
    intro,
    `根据${d.legalBasis}的规定，现答复如下：`,
    decisionSentence(d.answerKind),
    ...d.content
      .split(/\n+/)
      .map((p) => p.trim())
      .filter(Boolean),
  ];
  if (d.files.length) paragraphs.push(`本机关公开的政府信息见附件，共${d.files.length}份。`);
  paragraphs.push(
    '如对本答复不服，可以自收到本答复之日起六十日内依法向行政复议机关申请行政复议，' +
      '或者自收到本答复之日起六个月内依法向人民法院提起行政诉讼。',
  );
  return {
    heading: d.organName,
    title: '政府信息公开申请答复书',
    number: d.number,
    salutation: `${d.applicantName}：`,
    paragraphs,
    attachments: d.files.map((f, i) => `${i + 1}. ${f}`),
    signature: d.organName,
    date: d.repliedOn ? cnDate(d.repliedOn) : '（待合法性审查通过后填写）',
    draft: d.draft,
  };
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A self-contained page: inline styles only, prints on A4. */
export function renderLetterHtml(l: Letter): string {
  const p = l.paragraphs.map((x) => `<p>${esc(x)}</p>`).join('\n');
  const att = l.attachments.length
    ? `<div class="att"><p>附件：</p>${l.attachments.map((a) => `<p>${esc(a)}</p>`).join('')}</div>`
    : '';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(l.title)} ${esc(l.number)}</title>
<style>
  @page { size: A4; margin: 25mm 22mm; }
  body { font-family: "FangSong", "STFangsong", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif;
         font-size: 16pt; line-height: 1.8; color: #000; max-width: 720px; margin: 24px auto; padding: 0 16px; }
  h1 { font-size: 20pt; text-align: center; margin: 0; font-weight: normal; }
  h2 { font-size: 22pt; text-align: center; margin: 4px 0 8px; }
  .no { text-align: center; margin-bottom: 24px; }
  p { text-indent: 2em; margin: 0 0 8px; }
  p.salutation { text-indent: 0; }
  .att p { text-indent: 0; }
  .sign { text-align: right; margin-top: 40px; }
  .sign p { text-indent: 0; margin: 0; }
  .draft { color: #c00; text-align: center; border: 2px solid #c00; padding: 4px; margin-bottom: 16px; }
  .print { text-align: center; margin: 24px 0; }
  @media print { .print, .draft-note { display: none; } body { margin: 0; max-width: none; } }
</style>
</head>
<body>
${l.draft ? '<div class="draft" role="note">草稿 · 尚未通过合法性审查，不得发出</div>' : ''}
<h1>${esc(l.heading)}</h1>
<h2>${esc(l.title)}</h2>
<div class="no">${esc(l.number)}</div>
<p class="salutation">${esc(l.salutation)}</p>
${p}
${att}
<div class="sign"><p>${esc(l.signature)}</p><p>${esc(l.date)}</p></div>
</body>
</html>
`;
}

export class LetterFontMissing extends Error {}

/** PDF on A4 with the CJK font at `fontPath`; throws LetterFontMissing when the file is absent. */
export function renderLetterPdf(l: Letter, fontPath: string): Promise<Buffer> {
  if (!existsSync(fontPath)) return Promise.reject(new LetterFontMissing(fontPath));
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 72, bottom: 72, left: 64, right: 64 },
      info: { Title: `${l.title} ${l.number}`, Author: l.signature },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      doc.registerFont('cjk', fontPath, fontPath.endsWith('.ttc') ? FONT_FACE : undefined);
      doc.font('cjk');
      const width = doc.page.width - 128;
      if (l.draft)
        doc.fillColor('#c00').fontSize(12).text('草稿 · 尚未通过合法性审查，不得发出', { align: 'center' });
      doc.fillColor('#000').fontSize(16).text(l.heading, { align: 'center' });
      doc.moveDown(0.2).fontSize(20).text(l.title, { align: 'center' });
      doc.moveDown(0.3).fontSize(12).text(l.number, { align: 'center' });
      doc.moveDown(1).fontSize(13).text(l.salutation, { width });
      for (const para of l.paragraphs)
        doc.moveDown(0.4).text(para, { width, indent: 26, lineGap: 4, align: 'justify' });
      if (l.attachments.length) {
        doc.moveDown(0.8).text('附件：', { width });
        for (const a of l.attachments) doc.text(a, { width });
      }
      doc.moveDown(2).text(l.signature, { width, align: 'right' });
      doc.text(l.date, { width, align: 'right' });
      doc.end();
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
