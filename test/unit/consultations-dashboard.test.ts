import { csvCell, percent, toCsv } from '../../server/src/modules/dashboard/csv';
import { distanceMetres, formatDistance, nearestZone } from '../../client/src/pages/index/geo';

describe('dashboard CSV', () => {
  test('quotes commas, quotes and line breaks; neutralises formulas', () => {
    expect(csvCell('南昌,江西')).toBe('"南昌,江西"');
    expect(csvCell('他说"可以"')).toBe('"他说""可以"""');
    expect(csvCell('第一行\n第二行')).toBe('"第一行\n第二行"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  test('a table: BOM, CRLF, header first', () => {
    expect(
      toCsv(
        ['主题', '数量'],
        [
          ['医疗', 2],
          ['其他', 0],
        ],
      ),
    ).toBe('\uFEFF主题,数量\r\n医疗,2\r\n其他,0\r\n');
  });

  test('percent', () => {
    expect(percent(0.8571)).toBe('85.7%');
    expect(percent(1)).toBe('100.0%');
    expect(percent(null)).toBe('');
  });
});

describe('nearest zone', () => {
  const zones = [
    { id: 'a', latitude: 28.6829, longitude: 115.8579 }, // 南昌 红谷滩
    { id: 'b', latitude: 28.5476, longitude: 115.9445 }, // 南昌县
    { id: 'c', latitude: null, longitude: null },
  ];

  test('distance', () => {
    const d = distanceMetres(
      { latitude: 28.6829, longitude: 115.8579 },
      { latitude: 28.5476, longitude: 115.9445 },
    );
    expect(Math.round(d / 100) / 10).toBe(17.3);
    expect(formatDistance(853)).toBe('850 米');
    expect(formatDistance(17_420)).toBe('17.4 公里');
    expect(formatDistance(128_400)).toBe('128 公里');
  });

  test('the closest zone with coordinates, else the first', () => {
    expect(nearestZone(zones, { latitude: 28.55, longitude: 115.94 })!.zone.id).toBe('b');
    expect(nearestZone(zones, { latitude: 28.7, longitude: 115.86 })!.zone.id).toBe('a');
    expect(nearestZone(zones, null)).toEqual({ zone: zones[0], metres: null });
    expect(nearestZone([zones[2]!], { latitude: 28.7, longitude: 115.86 })).toEqual({
      zone: zones[2],
      metres: null,
    });
    expect(nearestZone([], null)).toBeNull();
  });
});
