/**
 * The search service's public shapes. Documents arrive from the modules that own them (the
 * catalogue publishes items); the index is derived data and can always be rebuilt from them.
 */
export interface SearchDoc {
  id: number;
  title: string;
  /** 内容概述. */
  summary: string;
  body: string;
  /** 文号. */
  docNo: string;
  /** Text extracted from attachments (PDF, DOCX); may be long. */
  attachmentText: string;
  org: number;
  year: number;
  /** 主题分类 key: `综合政务/政务公开` (a top-level key alone is allowed). */
  topic: string;
  /** 体裁: one of the 15 official kinds, or any label the catalogue uses. */
  genre: string;
  /** Column keys the item appears in (one item can sit in several columns). */
  columns: string[];
  /** 有效性 key: valid | expired | repealed (whatever the catalogue uses). */
  validity: string;
  /** 发布日期 YYYY-MM-DD: orders results by date and breaks relevance ties. */
  publishedOn: string;
}

/** A piece of text, highlighted or not. Never HTML: the renderer escapes each piece. */
export interface Segment {
  text: string;
  hit: boolean;
}

export type FacetField = 'org' | 'year' | 'topic' | 'genre' | 'column' | 'validity';
export const FACET_FIELDS: readonly FacetField[] = ['org', 'year', 'topic', 'genre', 'column', 'validity'];

/** Filters: several values of one field are OR, fields are AND. */
export interface SearchFilters {
  org?: number | readonly number[];
  year?: number | readonly number[];
  /** A full key (`综合政务/政务公开`) or a top-level key (`综合政务`, matching all below it). */
  topic?: string | readonly string[];
  genre?: string | readonly string[];
  column?: string | readonly string[];
  validity?: string | readonly string[];
  /** Published on or after (YYYY-MM-DD). */
  publishedFrom?: string;
  /** Published on or before (YYYY-MM-DD). */
  publishedTo?: string;
}

export type SearchSort = 'relevance' | 'date';

export interface SearchQuery {
  /** Space-separated terms, all required; either script; any length from one character. */
  q: string;
  filters?: SearchFilters;
  sort?: SearchSort;
  /** Page size, 1–100 (default 20). */
  limit?: number;
  offset?: number;
  facets?: readonly FacetField[];
}

export interface SearchHit {
  id: number;
  /**
   * Relevance class, higher first: 4 = every term in the title, +2 = the whole query as one
   * phrase, +1 = a word match (title) or a summary match (body). Ties go to the newer item.
   */
  score: number;
  publishedOn: string;
  title: Segment[];
  snippet: Segment[];
}

export interface FacetCount {
  value: string | number;
  count: number;
}

export interface SearchResult {
  /** Matching items; an estimate when `totalIsEstimate` (very common terms: see ADR 0003). */
  total: number;
  totalIsEstimate: boolean;
  hits: SearchHit[];
  facets: Partial<Record<FacetField, FacetCount[]>>;
  /** How many of the newest hits the facet counts cover: `total` when they are exact. */
  facetBasis: number;
}
