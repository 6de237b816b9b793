import { loadConfiguration } from '@sighej/shared';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StatsBatch } from '../src/buffer/stats-batch';
import { FileStatsSpool } from '../src/spool/file-stats-spool';
import { statsSpoolContract } from './stats-spool.contract';

const directories: string[] = [];
afterAll(() => directories.forEach((d) => rmSync(d, { recursive: true, force: true })));

function open(): { spool: FileStatsSpool; dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'sighej-spool-'));
  directories.push(dataDir);
  return { spool: new FileStatsSpool(loadConfiguration([], { EMBEDDED_DATA_DIR: dataDir }).core), dataDir };
}

statsSpoolContract('FileStatsSpool', () => {
  const { spool, dataDir } = open();
  return Promise.resolve({
    spool,
    damage: (id: string) =>
      Promise.resolve(writeFileSync(join(dataDir, 'stats-spool', `${id}.json`), '{"id"')),
  });
});

describe('FileStatsSpool files', () => {
  it('keeps one file per entry in <EMBEDDED_DATA_DIR>/stats-spool, no temporary left behind', async () => {
    const { spool, dataDir } = open();
    const batch = new StatsBatch();
    batch.addMatch('2026-03-01');
    await spool.keep({ id: 'one', batch, spooledAt: 1 });
    expect(readdirSync(join(dataDir, 'stats-spool'))).toEqual(['one.json']);
  });

  it('refuses an id that could name a path outside its directory', async () => {
    const { spool } = open();
    await expect(spool.keep({ id: '../x', batch: new StatsBatch(), spooledAt: 1 })).rejects.toThrow(
      TypeError,
    );
  });
});
