export interface CalendarOverridesTable {
  date: string;
  workday: number;
  reason: string;
  updated_at: string;
  updated_by: string;
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
