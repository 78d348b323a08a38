import { looksLikeDocNo, normalizeDocNo } from '@zwgk/types';
import { score } from '../../server/src/modules/policies/search';
import {
  highlight,
  htmlToText,
  queryTerms,
  sanitizeBody,
  snippet,
} from '../../server/src/modules/policies/text';

describe('sanitizeBody', () => {
  test.each([
    ['<p>正文</p><script>alert(1)</script>', '<p>正文</p>'],
    ['<p onclick="x()">正文</p>', '<p>正文</p>'],
    ['<img src=x onerror=alert(1)>图', '图'],
    ['<a href="javascript:alert(1)">链接</a>', '链接'],
    ['<iframe src="https://evil.example"></iframe><p>甲</p>', '<p>甲</p>'],
    ['<p>未闭合<strong>加粗', '<p>未闭合<strong>加粗</strong></p>'],
    ['</p>多余的结束标签', '多余的结束标签'],
    ['<p>1 < 2 & 3 > 2 &amp; ok</p>', '<p>1 &lt; 2 &amp; 3 &gt; 2 &amp; ok</p>'],
    [
      '<table><tr><td colspan="2" style="color:red">合并</td></tr></table>',
      '<table><tr><td colspan="2">合并</td></tr></table>',
    ],
    ['<!-- 注释 --><p>乙</p>', '<p>乙</p>'],
    ['<svg><script>alert(1)</script></svg>丙', '丙'],
    ['<p title="a>b">丁</p>', '<p>丁</p>'],
  ])('%s', (input, expected) => {
    expect(sanitizeBody(input)).toBe(expected);
  });

  test('plain text becomes one paragraph per line, escaped', () => {
    expect(sanitizeBody('第一条 总则\n第二条 <适用>范围')).toBe(
      '<p>第一条 总则</p><p>第二条 &lt;适用&gt;范围</p>',
    );
  });

  test('htmlToText keeps paragraphs apart and decodes entities', () => {
    expect(htmlToText('<h4>一、总则</h4><p>甲 &amp; 乙</p><p>丙<br />丁</p>')).toBe(
      '一、总则\n甲 & 乙\n丙\n丁',
    );
  });
});

describe('document numbers', () => {
  test.each([
    '赣府公开办字[2023]2号',
    '赣府公开办字(2023)2号',
    '赣府公开办字（2023）2号',
    '赣府公开办字【2023】2号',
    ' 赣府公开办字 〔2023〕2号',
  ])('%s normalises to 〔〕', (s) => {
    expect(normalizeDocNo(s)).toBe('赣府公开办字〔2023〕2号');
    expect(looksLikeDocNo(s)).toBe(true);
  });
  test('ordinary queries are not document numbers', () => {
    expect(looksLikeDocNo('养老保险')).toBe(false);
    expect(looksLikeDocNo('2023年工作要点')).toBe(false);
  });
});

describe('segmentation, highlighting and scoring', () => {
  test('search-mode terms include the parts of a long word, without stopwords', () => {
    expect(queryTerms('城乡居民养老保险怎么交')).toEqual(
      expect.arrayContaining(['城乡居民', '养老', '保险', '养老保险']),
    );
    expect(queryTerms('城乡居民养老保险怎么交')).not.toContain('怎么');
  });

  test('highlight escapes the text and merges adjacent matches', () => {
    expect(highlight('<零工>市场与零工市场', ['零工', '市场'])).toBe(
      '&lt;<em>零工</em>&gt;<em>市场</em>与<em>零工市场</em>',
    );
  });

  test('snippet shows the passage around the first match', () => {
    const text = `${'前文'.repeat(40)}生育津贴按月平均工资计发${'后文'.repeat(60)}`;
    const s = snippet([text], ['生育', '津贴']);
    expect(s.startsWith('…')).toBe(true);
    expect(s).toContain('<em>生育津贴</em>按月平均工资计发');
    expect(s.endsWith('…')).toBe(true);
  });

  test('a document matching more query terms outranks one matching a frequent term many times', () => {
    const rows = [
      { t: '养老', id: 'a', w: 10 },
      { t: '保险', id: 'a', w: 10 },
      { t: '养老保险', id: 'a', w: 10 },
      { t: '养老', id: 'b', w: 30 },
      { t: '养老', id: 'c', w: 1 },
    ];
    const ranked = [...score(rows, ['养老', '保险', '养老保险'], 10, 10).keys()];
    expect(ranked).toEqual(['a', 'b', 'c']);
  });
});
