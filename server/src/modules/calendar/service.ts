import type { CalendarDay, CalendarOverrideInput, CalendarYear } from '@zwgk/types';
import { assertAdmin } from '../accounts/service';
import { unprocessable } from '../../platform/errors';
import type { AuthUser } from '../../platform/routing';
import type { CalendarModels } from './model';
import { addWorkdays, CalendarRules, daysOfYear, OFFICIAL_YEARS } from './days';

/**
 * The working-day calendar other modules use. Each call reads the (small) overrides and confirmed
 * years from the database, so every API instance sees an admin's change at once.
 */
export class CalendarService {
  constructor(
    private readonly m: CalendarModels,
    private readonly now: () => Date,
  ) {}

  /** The calendar as it stands now, for pure rule functions. */
  async rules(): Promise<CalendarRules> {
    const [overrides, years] = await Promise.all([this.m.Override.find().lean(), this.m.Year.find().lean()]);
    return new CalendarRules(
      overrides.map((o) => ({ date: o._id, workday: o.workday, name: o.name })),
      years.map((y) => y._id),
    );
  }

  async day(date: string): Promise<CalendarDay> {
    return (await this.rules()).day(date);
  }

  async addWorkdays(from: string, days: number) {
    return addWorkdays(await this.rules(), from, days);
  }

  async year(actor: AuthUser | null, year: number): Promise<CalendarYear> {
    assertAdmin(actor);
    const cal = await this.rules();
    const days = daysOfYear(cal, year).map((d) => ({ ...d, overridden: cal.hasOverride(d.date) }));
    return {
      year,
      provisional: cal.isProvisionalYear(year),
      confirmed: !cal.isProvisionalYear(year),
      workdays: days.filter((d) => d.workday).length,
      days,
    };
  }

  async setOverride(
    actor: AuthUser | null,
    date: string,
    input: CalendarOverrideInput,
  ): Promise<CalendarDay> {
    assertAdmin(actor);
    await this.m.Override.replaceOne(
      { _id: date },
      { workday: input.workday, name: input.name, updatedBy: actor!.id, updatedAt: this.now() },
      { upsert: true },
    );
    return this.day(date);
  }

  async clearOverride(actor: AuthUser | null, date: string): Promise<CalendarDay> {
    assertAdmin(actor);
    await this.m.Override.deleteOne({ _id: date });
    return this.day(date);
  }

  async confirmYear(actor: AuthUser | null, year: number): Promise<CalendarYear> {
    assertAdmin(actor);
    if (OFFICIAL_YEARS.has(year))
      throw unprocessable('CALENDAR_YEAR_OFFICIAL', `${year}年的放假安排已按国务院通知内置，无需确认`);
    const prefix = `${year}-`;
    const entered = await this.m.Override.countDocuments({
      _id: { $gte: `${prefix}01-01`, $lte: `${prefix}12-31` },
    });
    if (entered === 0)
      throw unprocessable('CALENDAR_YEAR_EMPTY', `请先按国务院通知录入${year}年的放假和调休日期，再确认`);
    await this.m.Year.replaceOne(
      { _id: year },
      { confirmedBy: actor!.id, confirmedAt: this.now() },
      { upsert: true },
    );
    return this.year(actor, year);
  }
}
