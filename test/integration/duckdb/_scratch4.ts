import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ddbx-'));
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
await con.run(`ATTACH ':memory:' AS m1`); await con.run(`ATTACH ':memory:' AS m2`);
await con.run(`CREATE TABLE m1.t (a BIGINT)`); await con.run(`CREATE TABLE m2.t (a BIGINT)`);
await con.run(`INSERT INTO m1.t VALUES (1),(2)`);
console.log('m2 count', (await con.runAndReadAll(`SELECT count(*)::INT FROM m2.t`)).getRows());
fs.mkdirSync(path.join(dir, 'x'), { recursive: true });
const f = path.join(dir, 'x', 'trading.duckdb');
await con.run(`ATTACH '${f}' AS f1`);
await con.run(`CREATE TABLE IF NOT EXISTS f1.main.ticks (timestamp BIGINT, side ENUM('buy','sell'), exchange VARCHAR GENERATED ALWAYS AS ('bin''ance') VIRTUAL)`);
const app = await con.createAppender('ticks', 'main', 'f1');
for (let i = 0; i < 10; i++) { app.appendBigInt(BigInt(i)); app.appendVarchar(i % 2 ? 'sell' : 'buy'); app.endRow(); }
app.flushSync();
const del = await con.run(`DELETE FROM f1.main.ticks WHERE timestamp < $1`, [4n]);
console.log('deleted', del.rowsChanged);
for (let i = 10; i < 12; i++) { app.appendBigInt(BigInt(i)); app.appendVarchar('buy'); app.endRow(); }
app.flushSync();
console.log((await con.runAndReadAll(`SELECT timestamp, side, exchange, rowid FROM f1.ticks ORDER BY rowid`)).getRows());
try { await con.run(`DETACH f1`); console.log('detach with open appender ok'); } catch (e) { console.log('detach err', (e as Error).message); }
try { app.appendBigInt(99n); app.appendVarchar('buy'); app.endRow(); app.flushSync(); console.log('append after detach OK?!'); } catch (e) { console.log('append after detach err', (e as Error).message); }
try { app.closeSync(); } catch (e) { console.log('close err', (e as Error).message); }
try { await con.run(`DETACH f1`); } catch (e) { console.log('detach2', (e as Error).message); }
// open same file from another instance while still attached?
await con.run(`ATTACH '${f}' AS f1`);
try { const i2 = await DuckDBInstance.create(f); console.log('second instance opened same file!'); i2.closeSync(); } catch (e) { console.log('second instance err', (e as Error).message); }
try { await con.run(`ATTACH '${f}' AS f2`); console.log('double attach ok'); } catch (e) { console.log('double attach err', (e as Error).message); }
await con.run(`DETACH f1`);
con.closeSync(); inst.closeSync();
const i3 = await DuckDBInstance.create(f, { access_mode: 'READ_ONLY' });
const c3 = await i3.connect();
console.log((await c3.runAndReadAll(`SELECT count(*)::INT, min(exchange) FROM ticks`)).getRows());
console.log((await c3.runAndReadAll(`DESCRIBE ticks`)).getRows());
console.log(fs.readdirSync(path.join(dir, 'x')));
