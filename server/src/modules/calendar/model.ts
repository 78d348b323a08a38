import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../../platform/db';

/** A staff override of one date: `_id` is the date, so there is one per date. */
export interface CalendarOverrideDoc {
  _id: string;
  workday: boolean;
  name: string;
  updatedBy: string;
  updatedAt: Date;
}

/** A year an admin has confirmed (entered its notice): `_id` is the year. */
export interface CalendarYearDoc {
  _id: number;
  confirmedBy: string;
  confirmedAt: Date;
}

const OverrideSchema = new Schema<CalendarOverrideDoc>(
  {
    _id: { type: String, required: true },
    workday: { type: Boolean, required: true },
    name: { type: String, required: true },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'calendar_overrides' },
);

const YearSchema = new Schema<CalendarYearDoc>(
  {
    _id: { type: Number, required: true },
    confirmedBy: { type: String, required: true },
    confirmedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'calendar_years' },
);

export function calendarModels(conn: Connection) {
  return {
    Override: modelOn<CalendarOverrideDoc>(conn, 'CalendarOverride', OverrideSchema),
    Year: modelOn<CalendarYearDoc>(conn, 'CalendarYear', YearSchema),
  };
}
export type CalendarModels = ReturnType<typeof calendarModels>;
