import { load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

interface Compose {
  services: Record<string, { environment?: Record<string, string> }>;
}

/** Every variable `.env.example` documents, set or commented out. */
function documentedVariables(): string[] {
  const example = readFileSync(join(root, '.env.example'), 'utf8');
  return [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]);
}

// Wired by the compose file itself (the container's port, the compose network's services).
const WIRED = new Set(['NODE_ENV', 'PORT', 'REDIS_URL', 'DATABASE_URL']);

describe('docker-compose.yml', () => {
  const compose = load(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as Compose;
  const environments = Object.values(compose.services).map((service) => service.environment ?? {});

  it('passes every variable documented in .env.example through to a container', () => {
    const documented = documentedVariables();
    expect(documented).toEqual(
      expect.arrayContaining(['SWAGGER_UI', 'MAX_CONNECTIONS', 'POSTGRES_PASSWORD']),
    );
    const passed = new Set(environments.flatMap((environment) => Object.keys(environment)));
    expect(documented.filter((name) => !passed.has(name))).toEqual([]);
  });

  it('takes each from the shell or .env (not a hard-coded value) unless compose wires it', () => {
    const api = compose.services.api.environment ?? {};
    const hardCoded = documentedVariables().filter(
      (name) => name in api && !WIRED.has(name) && !String(api[name]).includes(`\${${name}`),
    );
    expect(hardCoded).toEqual([]);
  });

  it('requires LIMIT_KEY_SECRET for the service and no longer passes INTEREST_HASH_SECRET', () => {
    const api = compose.services.api.environment ?? {};
    expect(api.LIMIT_KEY_SECRET).toMatch(/^\$\{LIMIT_KEY_SECRET:\?/);
    expect(environments.some((environment) => 'INTEREST_HASH_SECRET' in environment)).toBe(false);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

  it('builds on the same Node LTS line as .nvmrc and package.json engines (24)', () => {
    const line = readFileSync(join(root, '.nvmrc'), 'utf8').trim();
    expect(line).toBe('24');
    expect(dockerfile).toMatch(new RegExp(`^ARG NODE_IMAGE=node:${line}-bookworm-slim$`, 'm'));
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    expect(manifest.engines.node).toBe(`>=${line}`);
  });

  it('installs without telemetry or install scripts in every stage that runs npm ci', () => {
    const stages = dockerfile.split(/^FROM /m).slice(1);
    const installing = stages.filter((stage) => /RUN npm ci/.test(stage));
    expect(installing).toHaveLength(2);
    for (const stage of installing) {
      for (const setting of [
        'NPM_CONFIG_UPDATE_NOTIFIER=false',
        'NPM_CONFIG_FUND=false',
        'NPM_CONFIG_AUDIT=false',
        'SCARF_ANALYTICS=false',
        'DO_NOT_TRACK=1',
      ])
        expect(stage).toContain(setting);
      for (const install of stage.match(/RUN npm ci[^\n]*/g) ?? [])
        expect(install).toContain('--ignore-scripts');
    }
  });

  it('names the secrets a production run needs in its usage comment', () => {
    expect(dockerfile).toMatch(/^#.*-e ADMIN_API_KEY=.*-e LIMIT_KEY_SECRET=/m);
    expect(dockerfile).not.toContain('INTEREST_HASH_SECRET');
  });

  it('ships docs/asyncapi.yaml, which the service serves at /docs/asyncapi.yaml', () => {
    expect(dockerfile).toMatch(/^COPY .*docs\/asyncapi\.yaml/m);
    const dockerignore = readFileSync(join(root, '.dockerignore'), 'utf8');
    expect(dockerignore).toMatch(/^!docs\/asyncapi\.yaml$/m);
  });
});
