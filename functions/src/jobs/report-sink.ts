import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/** Where report files go: Cloud Storage in production, a local directory in tests and local runs. */
export interface ReportSink {
  /** Writes `content` at `path` (e.g. `reports/2026-11-24/summary.csv`) and returns its URI. */
  write(path: string, content: string, contentType: string): Promise<string>;
  /** Deletes every object under `prefix`; returns how many. */
  deletePrefix(prefix: string): Promise<number>;
}

export class LocalDirectorySink implements ReportSink {
  private readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }

  private inside(path: string): string {
    const target = resolve(join(this.root, path));
    if (!target.startsWith(this.root + sep)) throw new Error(`path escapes the sink root: ${path}`);
    return target;
  }

  async write(path: string, content: string): Promise<string> {
    const target = this.inside(path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content, 'utf8');
    return `file://${target}`;
  }

  async deletePrefix(prefix: string): Promise<number> {
    const target = this.inside(prefix);
    const files = await readdir(target, { recursive: true }).catch(() => [] as string[]);
    await rm(target, { recursive: true, force: true });
    return files.length;
  }
}

/** The subset of a `@google-cloud/storage` Bucket the sink uses, so tests need no Storage emulator. */
export interface BucketLike {
  file(path: string): { save(data: string, options: { contentType: string }): Promise<unknown> };
  deleteFiles(query: { prefix: string }): Promise<unknown>;
  getFiles(query: { prefix: string }): Promise<[readonly unknown[], ...unknown[]]>;
  readonly name: string;
}

export class BucketSink implements ReportSink {
  constructor(private readonly bucket: BucketLike) {}

  async write(path: string, content: string, contentType: string): Promise<string> {
    await this.bucket.file(path).save(content, { contentType });
    return `gs://${this.bucket.name}/${path}`;
  }

  async deletePrefix(prefix: string): Promise<number> {
    const [files] = await this.bucket.getFiles({ prefix });
    await this.bucket.deleteFiles({ prefix });
    return files.length;
  }
}
