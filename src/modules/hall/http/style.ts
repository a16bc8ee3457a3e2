import { html } from '../../../platform/web/html.ts';

/** The hall pages' few extra rules (the CSP forbids inline styles): compact site facts, a grid of stations. */
export const HALL_CSS = `ul.sites{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:.75rem}
ul.sites>li{border:1px solid var(--line,#d8dce2);border-radius:4px;padding:.6rem .75rem;background:var(--paper,#fff)}
ul.sites h3,ul.sites h4{margin:0 0 .35rem;font-size:1.05rem}
dl.site-facts{margin:.25rem 0 .5rem}
dl.site-facts>div{display:flex;gap:.5rem;padding:.1rem 0}
dl.site-facts dt{flex:0 0 4.5em;color:#555}
dl.site-facts dd{margin:0;min-width:0;overflow-wrap:anywhere}
ul.items{list-style:none;margin:0;padding:0}
ul.items li{padding:.1rem 0}
`;

export const HALL_CSS_URL = '/hall/hall.css';
export const HALL_HEAD = html`<link rel="stylesheet" href="${HALL_CSS_URL}">`;
