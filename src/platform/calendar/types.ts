export interface CalendarOverridesTable {
  date: string;
  workday: number;
  reason: string;
  updated_at: string;
  updated_by: string;
  /** The notice year this day was entered from (calendar.import-notice); null for a local adjustment. */
  notice_year: number | null;
}

export interface CalendarYearsTable {
  year: number;
  source: string;
  loaded_at: string;
  loaded_by: string;
}

declare module '../../storage/schema.ts' {
  interface DB {
    calendar_overrides: CalendarOverridesTable;
    calendar_years: CalendarYearsTable;
  }
}
