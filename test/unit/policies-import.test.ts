/** Pure rules of the policy library's second slice: CSV import checks and the posting encoding of the index. */
import {
  checkRow,
  csvRows,
  duplicatesWithin,
  parseCsv,
} from '../../server/src/modules/policies/import-rules';
import {
  dayOf,
  encodeFacets,
  encodePosting,
  facetsMatch,
  inTitle,
  parsePostings,
  validityOf,
} from '../../server/src/modules/policies/search';

describe('parseCsv', () => {
  test('quotes, doubled quotes, commas and newlines inside quotes, CRLF and a BOM', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, ""y""","1\n2"\r\nlast,')).toEqual([
      ['a', 'b'],
      ['x, "y"', '1\n2'],
      ['last', ''],
    ]);
  });
  test('an unterminated quote is an error', () => {
    expect(() => parseCsv('a\n"open')).toThrow('CSV_UNTERMINATED');
  });
});

describe('csvRows', () => {
  test('maps Chinese headers, counts physical lines (a quoted body may span lines), skips blank rows', () => {
    const { rows, errors } = csvRows(
      '标题,成文日期,主题分类,文件类型,正文\n甲,2026-01-01,x,规章,"第一行\n第二行"\n\n乙,2026-01-02,y,规划,z\n',
    );
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.row, r.values.title])).toEqual([
      [2, '甲'],
      [5, '乙'],
    ]);
  });
  test('unknown and missing columns are reported on line 1', () => {
    const { errors } = csvRows('标题,备注\nx,y');
    expect(errors).toEqual([
      { row: 1, field: '备注', message: '无法识别的列“备注”' },
      { row: 1, field: '成文日期', message: '缺少必填列“成文日期”' },
      { row: 1, field: '主题分类', message: '缺少必填列“主题分类”' },
      { row: 1, field: '文件类型', message: '缺少必填列“文件类型”' },
      { row: 1, field: '正文', message: '缺少必填列“正文”' },
    ]);
  });
});

const good = {
  title: '江西省政务公开专区管理办法',
  docNo: '赣府公开办字[2026]1号',
  writtenAt: '2026-02-28',
  category: '综合政务',
  topics: '政务公开、社保',
  kind: '其他政策文件',
  body: '第一条 为规范政务公开专区管理，制定本办法。第二条 专区提供查阅服务。',
};

describe('checkRow', () => {
  test('a good draft row is normalised', () => {
    const { value, errors } = checkRow({ row: 2, values: good }, false);
    expect(errors).toEqual([]);
    expect(value).toMatchObject({
      row: 2,
      docNoNorm: '赣府公开办字〔2026〕1号',
      topics: ['政务公开', '社保'],
      validity: '有效',
      publishedAt: null,
      needsInterpretation: false,
      interpretation: null,
    });
  });
  test('a leap day that does not exist, a publication date on a draft', () => {
    const { errors } = checkRow(
      { row: 3, values: { ...good, writtenAt: '2026-02-29', publishedAt: '2026-03-01' } },
      false,
    );
    expect(errors.map((e) => [e.field, e.message])).toEqual([
      ['成文日期', '成文日期应为 YYYY-MM-DD 格式的有效日期'],
      ['发布日期', '导入为草稿时不填发布日期（发布日期在审查通过时确定）'],
    ]);
  });
  test('published import: date required, not before the written date; 规章 needs its 解读', () => {
    const r = checkRow({ row: 4, values: { ...good, kind: '规章', publishedAt: '2026-02-01' } }, true);
    expect(r.errors.map((e) => e.field)).toEqual(['发布日期', '解读标题']);
    const ok = checkRow(
      {
        row: 4,
        values: {
          ...good,
          kind: '规章',
          validity: '失效',
          publishedAt: '2026-03-02',
          interpTitle: '一图读懂',
          interpPurpose: '为什么出台这个办法，背景和依据。',
          interpContent: '办法主要规定了专区的服务内容。',
          interpScope: '适用于全省各级政务公开专区。',
        },
      },
      true,
    );
    expect(ok.errors).toEqual([]);
    expect(ok.value?.validity).toBe('失效');
  });
  test('duplicates within one import name the earlier row', () => {
    const a = checkRow({ row: 2, values: { ...good, indexNo: '000014349/2026-00001' } }, false).value!;
    const b = checkRow(
      { row: 3, values: { ...good, docNo: '赣府公开办字（2026）1号', indexNo: '000014349/2026-00001' } },
      false,
    ).value!;
    expect(duplicatesWithin([a, b])).toEqual([
      { row: 3, field: '发文字号', message: '发文字号与第2行重复' },
      { row: 3, field: '索引号', message: '索引号与第2行重复' },
    ]);
  });
});

describe('postings', () => {
  const organ = '6b0c2493fd3d70d563e165c0';
  const id = '6b0c2493fd3d70d563e16600';
  const facets = encodeFacets({
    validity: '失效',
    kind: '行政规范性文件',
    topics: ['养老', '社保'],
    organId: organ,
    day: dayOf(new Date('2023-05-16T01:00:00Z')),
    title: true,
  });
  const [p] = parsePostings(`${encodePosting(id, 12.5, facets)};${encodePosting(id, 1)}`);

  test('round trip of id, weight and facets', () => {
    expect(p).toMatchObject({ id, w: 12.5 });
    expect(validityOf(p!)).toBe('失效');
    expect(inTitle(p!)).toBe(true);
  });
  test('filters on the facets', () => {
    const day = dayOf(new Date('2023-05-16T00:00:00+08:00'));
    expect(facetsMatch(p!, { validity: '失效', kind: '行政规范性文件', topic: '社保', organ })).toBe(true);
    expect(facetsMatch(p!, { validity: '有效' })).toBe(false);
    expect(facetsMatch(p!, { kind: '规章' })).toBe(false);
    expect(facetsMatch(p!, { topic: '住房' })).toBe(false);
    expect(facetsMatch(p!, { organ: '6b0c2493fd3d70d563e165c1' })).toBe(false);
    expect(facetsMatch(p!, { fromDay: day, toDay: day })).toBe(true);
    expect(facetsMatch(p!, { fromDay: day + 1 })).toBe(false);
    expect(facetsMatch(p!, { toDay: day - 1 })).toBe(false);
  });
  test('Beijing day numbers: 23:30 UTC is the next day in Beijing', () => {
    expect(dayOf(new Date('2023-05-15T23:30:00Z'))).toBe(dayOf(new Date('2023-05-16T12:00:00+08:00')));
  });
});
