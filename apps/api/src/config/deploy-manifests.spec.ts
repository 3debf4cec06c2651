import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { findUp } from '../common/paths';
import { envSchema } from './env.schema';

// deploy/ and docker-compose.yml checked offline (no cluster, no Docker here): they parse, name only
// variables the app knows, run each role with probes and ports that match the app, and stay in step.
const root = findUp('deploy')!.replace(/\/deploy$/, '');
const k8sDir = join(root, 'deploy/kubernetes');
const known = new Set([...Object.keys(envSchema.shape), 'TZ', 'MIGRATE_DATABASE_URL']);
const documented = new Set(
  [...readFileSync(join(root, '.env.example'), 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map(
    (m) => m[1],
  ),
);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;
const manifests: Doc[] = readdirSync(k8sDir)
  .filter((file) => file.endsWith('.yaml'))
  .flatMap((file) =>
    parseAllDocuments(readFileSync(join(k8sDir, file), 'utf8')).map((doc) => {
      expect(doc.errors).toEqual([]);
      return { file, ...doc.toJS() };
    }),
  );
const byKind = (kind: string, name?: string) =>
  manifests.filter((m) => m.kind === kind && (!name || m.metadata?.name === name));
const container = (deployment: Doc) => deployment.spec.template.spec.containers[0];
const envNames = (c: Doc) => (c.env ?? []).map((e: Doc) => e.name);
const roleOf = (c: Doc) => c.env.find((e: Doc) => e.name === 'APP_ROLE')?.value;

describe('deployment manifests', () => {
  it('kustomization lists every manifest but the example secret', () => {
    const [kustomization] = byKind('Kustomization');
    const files = readdirSync(k8sDir).filter(
      (f) => f.endsWith('.yaml') && f !== 'kustomization.yaml' && f !== 'secret.example.yaml',
    );
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it('configuration names only variables the app reads, each documented in .env.example', () => {
    const [config] = byKind('ConfigMap', 'duban-config');
    const [secret] = byKind('Secret', 'duban-secrets');
    const names = [...Object.keys(config.data), ...Object.keys(secret.stringData)];
    for (const name of names) expect(known).toContain(name);
    for (const name of names.filter((n) => known.has(n) && n !== 'TZ' && n !== 'MIGRATE_DATABASE_URL'))
      expect(documented).toContain(name);
    // Every setting the schema knows is documented.
    for (const name of Object.keys(envSchema.shape)) expect(documented).toContain(name);
    expect(config.data.NODE_ENV).toBe('production');
    expect(config.data.DEMO_DATA).toBe('false');
  });

  it('runs the API behind probes on its port and the workers with time to finish their jobs', () => {
    const [api] = byKind('Deployment', 'duban-api');
    const [worker] = byKind('Deployment', 'duban-worker');
    const [config] = byKind('ConfigMap', 'duban-config');
    expect(roleOf(container(api))).toBe('api');
    expect(roleOf(container(worker))).toBe('worker');
    expect(api.spec.replicas).toBeGreaterThanOrEqual(2);
    const port = container(api).ports.find((p: Doc) => p.name === 'http').containerPort;
    expect(String(port)).toBe(config.data.PORT);
    expect(container(api).readinessProbe.httpGet).toEqual({ path: '/api/health', port: 'http' });
    expect(container(api).livenessProbe).toBeDefined();
    expect(worker.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
    for (const deployment of [api, worker]) {
      const c = container(deployment);
      expect(c.envFrom.map((e: Doc) => e.configMapRef?.name ?? e.secretRef?.name).sort()).toEqual([
        'duban-config',
        'duban-secrets',
      ]);
      expect(c.resources.requests.cpu).toBeDefined();
      expect(c.resources.limits.memory).toBeDefined();
      for (const name of envNames(c)) expect(known).toContain(name);
      expect(deployment.spec.selector.matchLabels).toEqual(deployment.metadata.labels);
    }
    const [service] = byKind('Service', 'duban-api');
    expect(service.spec.selector).toEqual(api.spec.selector.matchLabels);
    expect(service.spec.ports[0].targetPort).toBe('http');
    const [hpa] = byKind('HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef.name).toBe('duban-api');
    const [ingress] = byKind('Ingress');
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe('duban-api');
  });

  it('migrates straight to the primary before the app runs', () => {
    const [job] = byKind('Job', 'duban-migrate');
    const c = job.spec.template.spec.containers[0];
    expect(c.command.join(' ')).toContain('migrate-and-seed');
    const url = c.env.find((e: Doc) => e.name === 'DATABASE_URL');
    expect(url.valueFrom.secretKeyRef.key).toBe('MIGRATE_DATABASE_URL');
  });

  it('docker-compose runs api and worker replicas behind the proxy, with known variables', () => {
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
    const { api, worker, proxy, migrate, pgbouncer } = compose.services;
    expect(api.environment.APP_ROLE).toBe('api');
    expect(worker.environment.APP_ROLE).toBe('worker');
    expect(api.deploy.replicas).toMatch(/API_REPLICAS/);
    expect(worker.deploy.replicas).toMatch(/WORKER_REPLICAS/);
    // Replicas cannot share a host port: only the proxy publishes one.
    expect(api.ports).toBeUndefined();
    expect(proxy.ports[0]).toMatch(/:80$/);
    expect(api.healthcheck.test.join(' ')).toContain('/api/health');
    for (const service of [api, worker, migrate])
      for (const name of Object.keys(service.environment)) expect(known).toContain(name);
    expect(migrate.environment.DATABASE_URL).toContain('@postgres:5432/');
    expect(pgbouncer.environment.POOL_MODE).toBe('transaction');
    const nginx = readFileSync(join(root, 'deploy/compose/nginx.conf'), 'utf8');
    expect(nginx).toContain('server api:3000 resolve');
  });
});
