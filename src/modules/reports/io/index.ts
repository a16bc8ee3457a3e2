/** Reading and writing reports: JSON (the model), CSV and XLSX in the layout of grid.ts. */
export { reportToJson, parseReportJson } from './json.ts';
export type { JsonReadOptions } from './json.ts';
export { reportToCsv, parseReportCsv, parseCsvRecords } from './csv.ts';
export { reportToXlsx, parseReportXlsx } from './xlsx.ts';
export { reportToGrid, gridToReport, parseFigure, normaliseLabel } from './grid.ts';
export type { GridRecord, GridSheet, GridValue, ReadOptions } from './grid.ts';
export type { ParseProblem, ParseResult, ProblemCode } from './problems.ts';
