import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ConfigError } from './config.ts';
import type { CartwrightPlugin } from './runtime.ts';

/** Loads the plugin modules named by PLUGINS: each must export (default) `{ name, register(runtime) }`. */
export async function loadPlugins(paths: string[]): Promise<CartwrightPlugin[]> {
  const plugins: CartwrightPlugin[] = [];
  for (const path of paths) {
    if (!existsSync(path)) throw new ConfigError(`Invalid environment variable PLUGINS: ${path} does not exist.`);
    const mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
    const plugin = (mod.default ?? mod) as Partial<CartwrightPlugin>;
    if (typeof plugin?.name !== 'string' || typeof plugin.register !== 'function') {
      throw new ConfigError(`Invalid environment variable PLUGINS: ${path} does not export { name, register(runtime) }.`);
    }
    plugins.push(plugin as CartwrightPlugin);
  }
  return plugins;
}
