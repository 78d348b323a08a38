/**
 * `npm run backup [-- <folder>]` and `npm run restore -- <folder> [--replace]`.
 * Works on MONGODB_URI or on the embedded database of DATA_DIR (the running one, or started for
 * the duration). Writes/reads the format of server/src/platform/backup.ts, uploaded files included.
 */
import path from 'node:path';
import { loadConfig } from '../config';
import { dumpDatabase, restoreDatabase } from '../server/src/platform/backup';
import { connectDb } from '../server/src/platform/db';
import { embeddedDb } from '../server/src/platform/embedded';

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const replace = rest.includes('--replace');
  const folderArg = rest.find((a) => !a.startsWith('--'));
  if (command !== 'backup' && command !== 'restore') {
    console.error('用法：npm run backup [-- <目录>] · npm run restore -- <目录> [--replace]');
    process.exit(2);
  }
  if (command === 'restore' && !folderArg) {
    console.error('请指定要恢复的备份目录：npm run restore -- backups/2026-11-29T10-00-00');
    process.exit(2);
  }
  const config = loadConfig();
  let uri = config.db.uri;
  let stop: (() => Promise<void>) | undefined;
  if (!uri) {
    const e = await embeddedDb(config, (s) => console.log(s));
    uri = e.uri;
    if (e.db) stop = () => e.db!.stop();
  }
  const conn = await connectDb({ uri, dbName: config.db.name, timeoutMs: config.db.timeoutMs });
  try {
    if (command === 'backup') {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
      const dir = path.resolve(folderArg ?? path.join('backups', stamp));
      const m = await dumpDatabase(conn, dir, config.files.dir);
      const docs = m.collections.reduce((a, c) => a + c.count, 0);
      console.log(`已备份 ${m.collections.length} 个集合、${docs} 条记录、${m.files} 个文件 → ${dir}`);
    } else {
      const dir = path.resolve(folderArg!);
      const m = await restoreDatabase(conn, dir, { replace, filesDir: config.files.dir });
      const docs = m.collections.reduce((a, c) => a + c.count, 0);
      console.log(
        `已从 ${dir} 恢复 ${m.collections.length} 个集合、${docs} 条记录到数据库 ${config.db.name}`,
      );
      console.log('恢复后首次启动会运行修复任务，释放备份时正在写入的占位记录。');
    }
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 1;
  } finally {
    await conn.close();
    await stop?.();
  }
}

void main();
