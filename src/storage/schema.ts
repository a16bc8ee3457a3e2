/**
 * The database's type, assembled by the modules: each module's `types.ts` adds its tables with
 *
 *   declare module '../../storage/schema.ts' { interface DB { orgs: OrgsTable } }
 *
 * so queries are checked against the real columns while each module owns its own tables.
 * Column conventions (both engines): integer ids; dates `YYYY-MM-DD` text; instants ISO-8601 UTC
 * text; booleans integer 0/1; JSON as text; money as integer yuan or fen (named in the column).
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in each module's types.ts
export interface DB {}
