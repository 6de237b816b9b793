import { Injectable } from '@nestjs/common';
import { CoreSettings } from '@sighej/shared';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseStored, serialiseSpooled, SpooledBatch, StatsSpool } from './stats-spool';

const SUFFIX = '.json';

/**
 * The spool as files in `<EMBEDDED_DATA_DIR>/stats-spool`, one per entry, for deployments
 * without Redis (one instance). Each file is written under a temporary name, synced, then
 * renamed, so a crash never leaves half an entry.
 */
@Injectable()
export class FileStatsSpool implements StatsSpool {
  readonly location: string;
  private readonly directory: string;

  constructor(settings: CoreSettings) {
    this.directory = resolve(settings.EMBEDDED_DATA_DIR, 'stats-spool');
    this.location = `directory ${this.directory}`;
  }

  async keep(entry: SpooledBatch): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const path = this.pathOf(entry.id);
    const temporary = `${path}.tmp`;
    const file = await open(temporary, 'w', 0o600);
    try {
      await file.writeFile(serialiseSpooled(entry));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
    const directory = await open(this.directory, 'r');
    await directory.sync().finally(() => directory.close());
  }

  async list(): Promise<{ entries: SpooledBatch[]; damaged: string[] }> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], damaged: [] };
      throw error;
    }
    const stored: [string, string][] = [];
    for (const name of names.filter((n) => n.endsWith(SUFFIX))) {
      const text = await readFile(join(this.directory, name), 'utf8').catch((error: NodeJS.ErrnoException) =>
        // Gone since the listing: another flusher wrote and removed it. Unreadable: damaged.
        error.code === 'ENOENT' ? undefined : '',
      );
      if (text !== undefined) stored.push([name.slice(0, -SUFFIX.length), text]);
    }
    return parseStored(stored);
  }

  async remove(id: string): Promise<void> {
    await unlink(this.pathOf(id)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  private pathOf(id: string): string {
    if (!/^[\w-]+$/.test(id)) throw new TypeError('a spool entry id is letters, digits, - and _');
    return join(this.directory, `${id}${SUFFIX}`);
  }
}
