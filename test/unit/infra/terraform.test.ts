import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TOPICS, SUBSCRIPTIONS, TOPICS, deadLetterTopic } from '../../../core/src/events/topics.ts';
import {
  instances,
  loadTerraform,
  nested,
  parseHclFile,
  resolve,
  type Block,
  type Instance,
  type TerraformModel,
} from './terraform-model.ts';

const INFRA = 'infra';
const ENVIRONMENTS = ['dev', 'prod'] as const;
const IAM_MEMBER_TYPES = /_iam_member$/;
const RUNNER_SA = '${google_service_account.runner.email}';

interface Grant {
  readonly instance: Instance;
  readonly role: string;
  readonly member: string;
}

function grants(model: TerraformModel): Grant[] {
  return Object.keys(model.resources)
    .filter((type) => IAM_MEMBER_TYPES.test(type))
    .flatMap((type) => instances(model, type))
    .map((instance) => ({
      instance,
      role: resolve(model, instance, instance.block['role']),
      member: resolve(model, instance, instance.block['member']),
    }));
}

function names(model: TerraformModel, type: string, label?: string): string[] {
  return instances(model, type, label).map((instance) => resolve(model, instance, instance.block['name']));
}

describe('infra/ Terraform against core/src/events/topics.ts', () => {
  let model: TerraformModel;
  const tfvars: Record<string, Block> = {};

  beforeAll(async () => {
    model = await loadTerraform(INFRA);
    for (const environment of ENVIRONMENTS) {
      tfvars[environment] = await parseHclFile(join(INFRA, 'env', `${environment}.tfvars`));
    }
  });

  it('declares exactly the code’s topics and one dead-letter topic for each', () => {
    const expected = [...TOPICS, ...TOPICS.map(deadLetterTopic)].sort();
    expect(names(model, 'google_pubsub_topic').sort()).toEqual(expected);
    expect(names(model, 'google_pubsub_topic', 'engine').sort()).toEqual([...TOPICS].sort());
  });

  it('declares every subscription of SUBSCRIPTIONS on its topic, and no other', () => {
    const declared = Object.fromEntries(
      instances(model, 'google_pubsub_subscription', 'engine').map((instance) => [
        resolve(model, instance, instance.block['name']),
        resolve(model, instance, instance.block['topic']),
      ]),
    );
    expect(declared).toEqual(SUBSCRIPTIONS);
  });

  it('dead-letters each subscription to its own topic’s dlq after 5 attempts, with retry and ordering', () => {
    const subscriptions = instances(model, 'google_pubsub_subscription', 'engine');
    expect(subscriptions).toHaveLength(Object.keys(SUBSCRIPTIONS).length);
    for (const instance of subscriptions) {
      const name = resolve(model, instance, instance.block['name']) as keyof typeof SUBSCRIPTIONS;
      const policy = nested(instance.block, 'dead_letter_policy');
      expect(resolve(model, instance, policy['dead_letter_topic'])).toBe(
        deadLetterTopic(SUBSCRIPTIONS[name]),
      );
      expect(policy['max_delivery_attempts']).toBe(5);
      expect(nested(instance.block, 'retry_policy')['minimum_backoff']).toMatch(/^\d+s$/);
      expect(instance.block['enable_message_ordering']).toBe(true);
    }
  });

  it('keeps a pull subscription on every dead-letter topic for inspection', () => {
    const inspected = instances(model, 'google_pubsub_subscription', 'dead_letter_inspection').map(
      (instance) => resolve(model, instance, instance.block['topic']),
    );
    expect(inspected.sort()).toEqual(TOPICS.map(deadLetterTopic).sort());
  });

  it('lets the runner publish to exactly the topics EVENT_TOPICS routes events to', () => {
    const published = new Set(Object.values(EVENT_TOPICS).filter((topic) => topic !== null));
    const runnerGrants = grants(model).filter((grant) => grant.member.includes(RUNNER_SA));
    const publisher = runnerGrants.filter((grant) => grant.role.startsWith('roles/pubsub.'));
    expect(publisher.every((grant) => grant.instance.type === 'google_pubsub_topic_iam_member')).toBe(true);
    expect(publisher.every((grant) => grant.role === 'roles/pubsub.publisher')).toBe(true);
    const topics = publisher.map((grant) => resolve(model, grant.instance, grant.instance.block['topic']));
    expect(topics.sort()).toEqual([...published].sort());
  });

  it('gives the runner no project-wide role beyond Firestore, logs and metrics', () => {
    const projectRoles = grants(model)
      .filter(
        (grant) => grant.member.includes(RUNNER_SA) && grant.instance.type === 'google_project_iam_member',
      )
      .map((grant) => grant.role);
    expect(projectRoles.sort()).toEqual([
      'roles/datastore.user',
      'roles/logging.logWriter',
      'roles/monitoring.metricWriter',
    ]);
  });

  it('grants no primitive or admin role and uses no authoritative IAM resource anywhere', () => {
    for (const grant of grants(model))
      expect(grant.role).not.toMatch(/^roles\/(owner|editor|viewer)$|admin$/i);
    expect(model.raw).not.toMatch(/roles\/(owner|editor)\b/);
    expect(Object.keys(model.resources).filter((type) => /_iam_(binding|policy)$/.test(type))).toEqual([]);
  });

  it('lets the functions subscribe to exactly the SUBSCRIPTIONS and the scheduler only invoke the runner', () => {
    const all = grants(model);
    const functions = all.filter((grant) => grant.member.includes('google_service_account.functions.'));
    const subscribed = functions
      .filter((grant) => grant.role === 'roles/pubsub.subscriber')
      .map((grant) => resolve(model, grant.instance, grant.instance.block['subscription']));
    expect(subscribed.sort()).toEqual(Object.keys(SUBSCRIPTIONS).sort());
    const scheduler = all.filter((grant) => grant.member.includes('google_service_account.scheduler.'));
    expect(scheduler.map((grant) => [grant.instance.type, grant.role])).toEqual([
      ['google_cloud_run_v2_service_iam_member', 'roles/run.invoker'],
    ]);
  });

  it('grants secret access per secret, never on the whole project', () => {
    const secretGrants = grants(model).filter((grant) => grant.role === 'roles/secretmanager.secretAccessor');
    expect(secretGrants.length).toBeGreaterThan(0);
    for (const grant of secretGrants) {
      expect(grant.instance.type).toBe('google_secret_manager_secret_iam_member');
    }
  });

  it('runs ingest-runner always on: at least one instance, CPU always allocated, probes on /readyz and /healthz', () => {
    const [service] = instances(model, 'google_cloud_run_v2_service');
    expect(service?.block['name']).toBe('ingest-runner');
    const template = nested(service?.block ?? {}, 'template');
    expect(template['service_account']).toBe('${google_service_account.runner.email}');
    const minInstances = String(nested(template, 'scaling')['min_instance_count']);
    const variable = /^\$\{var\.(\w+)\}$/.exec(minInstances)?.[1] ?? '';
    for (const environment of ENVIRONMENTS) {
      const value = tfvars[environment]?.[variable] ?? model.variables[variable]?.['default'];
      expect(value, `${variable} in ${environment}`).toBeGreaterThanOrEqual(1);
    }
    const container = nested(template, 'containers');
    expect(nested(container, 'resources')['cpu_idle']).toBe(false);
    expect(nested(container, 'startup_probe', 'http_get')['path']).toBe('/readyz');
    expect(nested(container, 'liveness_probe', 'http_get')['path']).toBe('/healthz');
    expect(template['max_instance_request_concurrency']).toBeDefined();
  });

  it('passes the runner’s venue keys from Secret Manager as env vars and lets it read only its secrets', () => {
    const envSecrets = model.locals['runner_env_secrets'];
    const apiSecrets = model.locals['runner_api_secrets'];
    expect(envSecrets).toEqual(['BINANCE_API_KEY', 'BINANCE_API_SECRET']);
    const [service] = instances(model, 'google_cloud_run_v2_service');
    const container = JSON.stringify(nested(service?.block ?? {}, 'template', 'containers'));
    expect(container).toContain('"for_each":"${toset(local.runner_env_secrets)}"');
    expect(container).toContain('secret_key_ref');
    const accessible = grants(model)
      .filter(
        (grant) => grant.member.includes(RUNNER_SA) && grant.role === 'roles/secretmanager.secretAccessor',
      )
      .map((grant) => grant.instance.key);
    expect(accessible.sort()).toEqual([...(envSecrets as string[]), ...(apiSecrets as string[])].sort());
  });

  it('configures the runner with the environment variable names its config parser reads', () => {
    const parser = readFileSync('ingest-runner/src/runner/config.ts', 'utf8');
    const runnerEnv = Object.keys((model.locals['runner_env'] as Block | undefined) ?? {});
    expect(runnerEnv).toContain('SYMBOLS');
    for (const name of runnerEnv.filter((name) => name !== 'KEK_SECRET')) {
      expect(parser, `${name} is read by ingest-runner`).toMatch(new RegExp(`\\b${name}:`));
    }
  });

  it('sets every variable without a default in both tfvars, and nothing undeclared', () => {
    const required = Object.entries(model.variables)
      .filter(([, block]) => !('default' in block))
      .map(([name]) => name);
    expect(required.length).toBeGreaterThan(0);
    for (const environment of ENVIRONMENTS) {
      const set = Object.keys(tfvars[environment] ?? {});
      expect(
        required.filter((name) => !set.includes(name)),
        environment,
      ).toEqual([]);
      expect(
        set.filter((name) => !(name in model.variables)),
        environment,
      ).toEqual([]);
    }
  });

  it('declares a Secret Manager secret for every defineSecret the functions use', () => {
    const declared = new Set(Object.keys((model.locals['secret_descriptions'] as Block | undefined) ?? {}));
    for (const name of defineSecretNames('functions/src')) {
      expect(declared.has(name), `secret ${name}`).toBe(true);
      expect(model.locals['functions_secrets'], `functions_secrets has ${name}`).toContain(name);
    }
  });
});

function defineSecretNames(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const match of text.matchAll(/defineSecret\(\s*['"]([A-Z0-9_]+)['"]/g)) found.push(match[1] ?? '');
  }
  return found;
}

describe('terraform fmt', () => {
  const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
  const missing = terraform.error !== undefined || terraform.status !== 0;
  if (missing)
    console.warn('\n!!! terraform is not on PATH: `terraform fmt -check -recursive infra` NOT RUN !!!\n');

  it.skipIf(missing)('finds infra/ formatted (terraform fmt -check -recursive infra)', () => {
    const result = spawnSync('terraform', ['fmt', '-check', '-recursive', INFRA], { encoding: 'utf8' });
    expect(result.stdout, 'files terraform fmt would rewrite').toBe('');
    expect(result.status).toBe(0);
  });
});
