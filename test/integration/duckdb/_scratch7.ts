import { measureAppendRate } from '../../../core/src/adapters/duckdb/index.ts';
console.log(await measureAppendRate(Number(process.argv[2])));
