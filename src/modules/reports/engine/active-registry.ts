/**
 * The formats this deployment reports in: the national ones, or a registry with a province's
 * variants added (formats/load.ts). Set once at start (or by a test); every computation, command
 * and import reads it, so a variant needs no code change anywhere else.
 */
import { nationalRegistry, type FormatRegistry } from '../formats/registry.ts';

let current: FormatRegistry = nationalRegistry;

export function setFormatRegistry(registry: FormatRegistry): void {
  current = registry;
}

export function activeRegistry(): FormatRegistry {
  return current;
}
