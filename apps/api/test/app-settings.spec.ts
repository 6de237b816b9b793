import { CoreSettings } from '@sighej/shared';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { APP_SETTINGS, loadAppConfiguration } from '../src/config/app-settings';

const root = join(__dirname, '..', '..', '..');

/** Every `*.settings.ts` under the libs' and the app's sources, where each lib declares its settings. */
function settingsFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(path);
      else if (entry.name.endsWith('.settings.ts')) found.push(path);
    }
  };
  for (const lib of readdirSync(join(root, 'libs'))) walk(join(root, 'libs', lib, 'src'));
  walk(join(root, 'apps/api/src'));
  return found;
}

describe('APP_SETTINGS', () => {
  it('lists every settings class a lib declares, so each is validated at boot', async () => {
    const declared: string[] = [];
    for (const file of settingsFiles()) {
      const exported = Object.values((await import(file)) as Record<string, unknown>);
      for (const value of exported)
        if (typeof value === 'function' && value.name.endsWith('Settings'))
          declared.push(`${relative(root, file)}: ${value.name}`);
    }
    const listed = new Set(APP_SETTINGS.map((slice) => slice.name));
    expect(declared.length).toBeGreaterThanOrEqual(7);
    expect(declared.filter((entry) => !listed.has(entry.split(': ')[1]))).toEqual([]);
  });

  it('loads every class with its defaults from an empty environment', () => {
    const configuration = loadAppConfiguration({});
    expect(configuration.classes).toEqual([...APP_SETTINGS]);
    expect(configuration.get(CoreSettings).REDIS_KEY_PREFIX).toBe('sighej:');
  });
});
