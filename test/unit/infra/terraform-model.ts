import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';

/**
 * A small static reader of the Terraform in infra/: it parses the files with @cdktf/hcl2json and expands
 * the few for_each / interpolation forms the files use (toset(local.x), toset(concat(local.x, ...)), local
 * maps, each.key / each.value, string locals, references to another resource's instance). Anything else
 * throws, so a change of style in the .tf files breaks the infra test instead of silently checking nothing.
 */
export type Block = Record<string, unknown>;

export interface Instance {
  readonly type: string;
  readonly label: string;
  readonly key: string | null;
  readonly eachValue: unknown;
  readonly block: Block;
}

export interface TerraformModel {
  readonly locals: Record<string, unknown>;
  readonly variables: Record<string, Block>;
  readonly resources: Record<string, Record<string, Block>>;
  readonly raw: string;
}

function isRecord(value: unknown): value is Block {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstBlock(value: unknown, what: string): Block {
  const block = Array.isArray(value) ? value[0] : undefined;
  if (!isRecord(block)) throw new Error(`${what} is not a block`);
  return block;
}

export async function parseHclFile(path: string): Promise<Block> {
  const parsed: unknown = await parse(path, readFileSync(path, 'utf8'));
  if (!isRecord(parsed)) throw new Error(`${path} did not parse to an object`);
  return parsed;
}

export async function loadTerraform(dir: string): Promise<TerraformModel> {
  const files = readdirSync(dir).filter((name) => name.endsWith('.tf'));
  const model = { locals: {}, variables: {}, resources: {}, raw: '' } as {
    locals: Record<string, unknown>;
    variables: Record<string, Block>;
    resources: Record<string, Record<string, Block>>;
    raw: string;
  };
  for (const name of files) {
    const parsed = await parseHclFile(join(dir, name));
    model.raw += JSON.stringify(parsed);
    for (const locals of (parsed['locals'] as unknown[] | undefined) ?? [])
      Object.assign(model.locals, locals);
    for (const [varName, blocks] of Object.entries((parsed['variable'] as Block | undefined) ?? {})) {
      model.variables[varName] = firstBlock(blocks, `variable ${varName}`);
    }
    for (const [type, byLabel] of Object.entries((parsed['resource'] as Block | undefined) ?? {})) {
      for (const [label, blocks] of Object.entries(byLabel as Block)) {
        model.resources[type] ??= {};
        model.resources[type][label] = firstBlock(blocks, `${type}.${label}`);
      }
    }
  }
  return model;
}

function local(model: TerraformModel, name: string): unknown {
  if (!(name in model.locals)) throw new Error(`unknown local.${name}`);
  return model.locals[name];
}

/** Expands for_each into (key, each.value) pairs; a resource without for_each is one instance. */
export function forEachEntries(model: TerraformModel, block: Block): Array<[string | null, unknown]> {
  const forEach = block['for_each'];
  if (forEach === undefined) return [[null, null]];
  const asSet = /^\$\{toset\((?:concat\(([\w., ]+)\)|(local\.\w+))\)\}$/.exec(String(forEach));
  if (asSet !== null) {
    const refs = (asSet[1] ?? asSet[2] ?? '').split(',').map((ref) => ref.trim());
    const items = refs.flatMap((ref) => {
      const list = /^local\.(\w+)$/.exec(ref)?.[1];
      const value = list === undefined ? undefined : local(model, list);
      if (!Array.isArray(value)) throw new Error(`${ref} is not a list local`);
      return value as unknown[];
    });
    return [...new Set(items)].map((item) => [String(item), item]);
  }
  const asMap = /^\$\{local\.(\w+)\}$/.exec(String(forEach));
  if (asMap?.[1] !== undefined) {
    const map = local(model, asMap[1]);
    if (!isRecord(map)) throw new Error(`for_each over local.${asMap[1]} needs a map`);
    return Object.entries(map);
  }
  throw new Error(`unsupported for_each ${String(forEach)}`);
}

export function instances(model: TerraformModel, type: string, label?: string): Instance[] {
  const result: Instance[] = [];
  for (const [name, block] of Object.entries(model.resources[type] ?? {})) {
    if (label !== undefined && name !== label) continue;
    for (const [key, eachValue] of forEachEntries(model, block)) {
      result.push({ type, label: name, key, eachValue, block });
    }
  }
  return result;
}

/**
 * Resolves `${...}` parts of a string for one instance: each.key / each.value, string locals and
 * `type.label[each.value].id|name` (to that instance's resolved name). Other references stay as written.
 */
export function resolve(model: TerraformModel, instance: Instance, value: unknown): string {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${JSON.stringify(value)}`);
  return value.replace(/\$\{([^{}]+)\}/g, (whole, expression: string) => {
    if (expression === 'each.key') return String(instance.key);
    if (expression === 'each.value') return String(instance.eachValue);
    const localRef = /^local\.(\w+)$/.exec(expression);
    if (localRef?.[1] !== undefined) return resolve(model, instance, local(model, localRef[1]));
    const ref = /^(\w+)\.(\w+)\[each\.(key|value)\]\.(id|name)$/.exec(expression);
    if (ref !== null) {
      const [, type = '', label = '', which] = ref;
      const key = which === 'key' ? instance.key : String(instance.eachValue);
      const target = instances(model, type, label).find((candidate) => candidate.key === key);
      if (target === undefined) throw new Error(`${type}.${label}[${String(key)}] does not exist`);
      return resolve(model, target, target.block['name']);
    }
    if (/\beach\.|\blocal\./.test(expression)) throw new Error(`cannot resolve ${whole}`);
    return whole;
  });
}

export function nested(block: Block, ...path: string[]): Block {
  let current: Block = block;
  for (const step of path) current = firstBlock(current[step], step);
  return current;
}
