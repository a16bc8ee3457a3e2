import type { FormatRegistry } from '../formats/registry.ts';

/**
 * The formats this deployment reports in — the national ones, or a registry with a province's
 * variants added (formats/load.ts) — are a port of the app: the reports module provides the
 * national registry; a deployment or a test gives its own (`app.ports.reportFormats = …`), so a
 * variant needs no code change anywhere else and two apps in one process never share one.
 */
declare module '../../../platform/module.ts' {
  interface Ports {
    reportFormats: FormatRegistry;
  }
}
