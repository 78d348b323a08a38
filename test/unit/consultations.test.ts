import { faqTopicsOf, scrubPersonalDetails } from '@zwgk/types';
import { isOverdue, median, statsOf } from '../../server/src/modules/consultations/rules';

describe('scrubPersonalDetails', () => {
  test.each([
    ['我的手机是13907911234，请回电', '我的手机是[电话]，请回电'],
    ['电话：+86 139-0791-1234。', '电话：[电话]。'],
    ['座机0791-86201234转8', '座机[电话]转8'],
    ['身份证号360102199003071236办理', '身份证号[身份证号]办理'],
    ['证件 36010219900307123X 有效', '证件 [身份证号] 有效'],
    ['老证号360102900307123，', '老证号[身份证号]，'],
    ['请发到 liu.jg@example.com 谢谢', '请发到 [邮箱] 谢谢'],
    ['我叫刘建国，今年35岁', '我叫[姓名]，今年35岁'],
    ['姓名：王小红。', '姓名：[姓名]。'],
    ['联系人张伟，', '联系人[姓名]，'],
    ['请张先生和李女士到窗口', '请某先生和某女士到窗口'],
    ['银行卡6222021234567890123已绑定', '银行卡[卡号]已绑定'],
  ])('%s', (input, output) => {
    expect(scrubPersonalDetails(input)).toBe(output);
  });

  test('removes the given names wherever they appear', () => {
    expect(scrubPersonalDetails('刘建国咨询：刘建国的孩子', ['刘建国'])).toBe('[姓名]咨询：[姓名]的孩子');
  });

  test('leaves public hotlines, amounts, years and dates alone', () => {
    const text =
      '请拨打12345或12333咨询，每孩每年3600元，2026年3月1日起执行，最高30万元，公开电话0791-12345。';
    expect(scrubPersonalDetails(text)).toBe(text);
  });

  test('ignores one-character names', () => {
    expect(scrubPersonalDetails('问题是关于养老', ['问'])).toBe('问题是关于养老');
  });
});

describe('consultation rules', () => {
  test('FAQ topics: 其他 has none', () => {
    expect(faqTopicsOf('医疗')).toEqual(['医疗']);
    expect(faqTopicsOf('其他')).toEqual([]);
  });

  test('overdue only while waiting and only after the promised day', () => {
    expect(isOverdue('pending', '2026-05-08', '2026-05-08')).toBe(false);
    expect(isOverdue('pending', '2026-05-08', '2026-05-09')).toBe(true);
    expect(isOverdue('followup', '2026-05-08', '2026-05-11')).toBe(true);
    expect(isOverdue('answered', '2026-05-08', '2026-05-11')).toBe(false);
    expect(isOverdue('closed', '2026-05-08', '2026-05-11')).toBe(false);
  });

  test('median', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([4, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  test('statistics over questions', () => {
    const s = statsOf(
      [
        {
          topic: '医疗',
          status: 'answered',
          dueOn: '2026-05-08',
          answerOn: '2026-05-06',
          answerWorkdays: 2,
          rating: '满意',
        },
        {
          topic: '医疗',
          status: 'closed',
          dueOn: '2026-05-08',
          answerOn: '2026-05-12',
          answerWorkdays: 6,
          rating: '不满意',
        },
        {
          topic: '就业',
          status: 'pending',
          dueOn: '2026-05-08',
          answerOn: null,
          answerWorkdays: null,
          rating: null,
        },
        {
          topic: '其他',
          status: 'pending',
          dueOn: '2026-05-20',
          answerOn: null,
          answerWorkdays: null,
          rating: null,
        },
        {
          topic: '就业',
          status: 'answered',
          dueOn: '2026-05-08',
          answerOn: '2026-05-07',
          answerWorkdays: 3,
          rating: '基本满意',
        },
      ],
      '2026-05-11',
    );
    expect(s.total).toBe(5);
    expect(s.byTopic.find((b) => b.topic === '医疗')!.count).toBe(2);
    expect(s.byTopic.find((b) => b.topic === '就业')!.count).toBe(2);
    expect(s.byTopic.find((b) => b.topic === '生育')!.count).toBe(0);
    expect(s.byTopic).toHaveLength(10);
    expect(s.answered).toBe(3);
    expect(s.onTimeAnswered).toBe(2);
    expect(s.medianReplyWorkdays).toBe(3);
    expect(s.satisfaction).toEqual({ rated: 3, 满意: 1, 基本满意: 1, 不满意: 1, satisfiedShare: 0.667 });
    expect(s.overdue).toBe(1);
  });
});
