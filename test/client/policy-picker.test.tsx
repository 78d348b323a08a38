/**
 * The session editor's related-policy picker: search the published library, add by title, see
 * the chosen ones with 文号, remove; an unpublished choice is labelled; errors and empty results
 * are said plainly.
 */
import { useState } from 'react';
import { act, fireEvent, render } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { resetTaroMock } from './mocks/taro';
import PolicyPicker, { type PolicyRef } from '../../client/src/workbench/sessions/PolicyPicker';
import { apiError, json } from './fixtures';

const request = Taro.request as unknown as jest.Mock;
const A = '64b7f0c2a1b2c3d4e5f6d001';
const B = '64b7f0c2a1b2c3d4e5f6d002';
const HIDDEN = '64b7f0c2a1b2c3d4e5f6d003';

function item(id: string, title: string, docNo: string) {
  return { id, title, docNo, organName: '江西省人力资源和社会保障厅' };
}

let last: PolicyRef[] = [];
function Harness(props: { initial: PolicyRef[] }) {
  const [v, setV] = useState(props.initial);
  last = v;
  return <PolicyPicker value={v} onChange={setV} />;
}

beforeEach(() => {
  resetTaroMock();
  last = [];
});

test('search, add by title, already-added marked, remove; an unpublished choice is labelled', async () => {
  request.mockImplementation((o: { url: string }) =>
    o.url.startsWith('/api/v1/policies?')
      ? json(200, {
          items: [
            item(A, '江西省创业担保贷款实施办法', '赣人社发〔2024〕5号'),
            item(B, '关于调整创业担保贷款额度和贴息政策的通知', '赣人社字〔2025〕12号'),
          ],
          nextCursor: null,
        })
      : json(404, {}),
  );
  const { container } = render(<Harness initial={[{ id: HIDDEN, title: null, docNo: null }]} />);
  const $$ = (sel: string) => Array.from(container.querySelectorAll(sel));
  expect($$('.wbs-policy--chosen .wbs-policy__title').map((e) => e.textContent)).toEqual([
    '该文件未发布或已撤回（群众不可见）',
  ]);

  fireEvent.change(container.querySelector('#wbs-policy-q')!, { target: { value: '创业担保贷款' } });
  await act(async () => {
    fireEvent.click(container.querySelector('#wbs-policy-search')!);
  });
  expect(request).toHaveBeenCalledTimes(1);
  const url = new URL(request.mock.calls[0]![0].url as string, 'http://x');
  expect([url.pathname, url.searchParams.get('q'), url.searchParams.get('limit')]).toEqual([
    '/api/v1/policies',
    '创业担保贷款',
    '8',
  ]);
  const results = $$('.wbs-policy--result');
  expect(results.map((r) => r.querySelector('.wbs-policy__title')!.textContent)).toEqual([
    '江西省创业担保贷款实施办法',
    '关于调整创业担保贷款额度和贴息政策的通知',
  ]);
  expect(results[0]!.querySelector('.wbs-policy__docno')!.textContent).toBe(
    '赣人社发〔2024〕5号 · 江西省人力资源和社会保障厅',
  );

  fireEvent.click(results[0]!.querySelector('.wbs-policy__add')!);
  expect(last).toEqual([
    { id: HIDDEN, title: null, docNo: null },
    { id: A, title: '江西省创业担保贷款实施办法', docNo: '赣人社发〔2024〕5号' },
  ]);
  const addA = $$('.wbs-policy--result')[0]!.querySelector('.wbs-policy__add') as HTMLButtonElement;
  expect(addA.textContent).toBe('已关联');
  expect(addA.disabled).toBe(true);

  fireEvent.click($$('.wbs-policy--chosen')[0]!.querySelector('.wbs-policy__remove')!);
  expect(last.map((p) => p.id)).toEqual([A]);
  expect($$('.wbs-policy--chosen .wbs-policy__docno').map((e) => e.textContent)).toEqual([
    '赣人社发〔2024〕5号',
  ]);
});

test('empty query, no results and a failed search are said plainly, nothing added', async () => {
  const { container } = render(<Harness initial={[]} />);
  expect(container.textContent).toContain('尚未关联政策文件（选填）');
  await act(async () => {
    fireEvent.click(container.querySelector('#wbs-policy-search')!);
  });
  expect(request).not.toHaveBeenCalled();
  expect(container.querySelector('.wbs-policies__error')!.textContent).toBe(
    '请输入政策标题中的词语或发文字号',
  );

  request.mockImplementation(() => json(200, { items: [], nextCursor: null }));
  fireEvent.change(container.querySelector('#wbs-policy-q')!, { target: { value: '不存在的政策' } });
  await act(async () => {
    fireEvent.click(container.querySelector('#wbs-policy-search')!);
  });
  expect(container.textContent).toContain('没有找到已发布的相关政策文件');
  expect(container.querySelector('.wbs-policies__error')).toBeNull();

  request.mockImplementation(() => apiError(400, 'INVALID_QUERY', '查询参数无效'));
  await act(async () => {
    fireEvent.click(container.querySelector('#wbs-policy-search')!);
  });
  expect(container.querySelector('.wbs-policies__error')!.textContent).toBe('查询参数无效');
  expect(last).toEqual([]);
});
