// opencc-js ships its dictionaries as ES modules without type declarations: each default-exports
// the table as one string of `source target` pairs separated by `|`.
declare module 'opencc-js/dict/*' {
  const table: string;
  export default table;
}
