import { z } from 'zod';

export const DateStringSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, '日期不存在');

export const CalendarDaySchema = z
  .object({
    date: z.string(),
    workday: z.boolean().meta({ description: '是否为工作日（含调休上班日）' }),
    provisional: z.boolean().meta({ description: '该年放假安排尚未公布，按法定节假日推算' }),
    name: z.string().optional().meta({ description: '节假日或调休说明' }),
  })
  .meta({ id: 'CalendarDay' });
export type CalendarDay = z.infer<typeof CalendarDaySchema>;

export const CalendarDayParamsSchema = z.object({ date: DateStringSchema });

export const AddWorkdaysQuerySchema = z.object({
  from: DateStringSchema,
  days: z.coerce.number().int('天数须为整数').min(0, '天数不能为负').max(400, '天数不超过400'),
});

export const AddWorkdaysResultSchema = z
  .object({ date: z.string(), provisional: z.boolean() })
  .meta({ id: 'AddWorkdaysResult' });

export const CalendarYearParamsSchema = z.object({
  year: z.coerce.number().int().min(2004, '年份不早于2004年').max(2100, '年份不晚于2100年'),
});

export const CalendarYearDaySchema = CalendarDaySchema.extend({
  overridden: z.boolean().meta({ description: '工作人员设置的调整' }),
});

export const CalendarYearSchema = z
  .object({
    year: z.number().int(),
    provisional: z.boolean(),
    confirmed: z.boolean().meta({ description: '管理员已按当年通知录入并确认' }),
    workdays: z.number().int(),
    days: z.array(CalendarYearDaySchema),
  })
  .meta({ id: 'CalendarYear' });
export type CalendarYear = z.infer<typeof CalendarYearSchema>;

export const CalendarOverrideInputSchema = z
  .object({
    workday: z.boolean(),
    name: z.string().trim().min(1, '请填写说明，如“春节”“国庆节调休上班”').max(30, '说明不超过30个字'),
  })
  .strict()
  .meta({ id: 'CalendarOverrideInput' });
export type CalendarOverrideInput = z.infer<typeof CalendarOverrideInputSchema>;
