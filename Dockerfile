# syntax=docker/dockerfile:1
# SigHej backend: a small, non-root production image.
#   docker build -t sighej-backend .
#   docker run -p 8000:8000 -e REDIS_URL=… -e DATABASE_URL=… -e ADMIN_API_KEY=… -e LIMIT_KEY_SECRET=… sighej-backend

# Node 24 LTS (maintained until 2028-04): the same line as development and CI (.nvmrc).
ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: full dependency tree, compile TypeScript to dist/ ---------------------------
FROM ${NODE_IMAGE} AS build
# No install-time telemetry or network chatter: npm's update check, funding and audit calls,
# and Scarf's postinstall analytics (pulled in by swagger-ui-dist). Install scripts are skipped
# too: no dependency needs one (native modules ship prebuilt), so none can phone home.
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    SCARF_ANALYTICS=false \
    DO_NOT_TRACK=1
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build

# --- prod-deps: runtime dependencies only (no TypeScript, Jest, Nest CLI, …) ------------
FROM ${NODE_IMAGE} AS prod-deps
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    SCARF_ANALYTICS=false \
    DO_NOT_TRACK=1
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

# --- runtime -----------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=8000
WORKDIR /app
# The node image ships an unprivileged `node` user (uid 1000); nothing below is writable by it
# except /app/data, which only the embedded mode would use (production requires Postgres).
COPY --from=prod-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# The admin page is served as written from the repository (AdminPageFiles looks for it here).
COPY --chown=root:root apps/api/admin-page ./apps/api/admin-page
COPY --chown=root:root package.json ./
# Served at /docs/asyncapi.yaml next to Swagger UI.
COPY --chown=root:root docs/asyncapi.yaml ./docs/asyncapi.yaml
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8000
# Liveness through node's own http module: the slim image has no curl or wget.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "require('http').get({host:'127.0.0.1',port:process.env.PORT||8000,path:'/health/live',timeout:2000},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1)).on('timeout',()=>process.exit(1))"]
# Node receives SIGTERM directly (exec form, PID 1) so Nest's shutdown hooks flush stats and close sockets.
STOPSIGNAL SIGTERM
# A larger young generation: fewer scavenges per request (about 11 % less CPU per /match than
# the default, docs/benchmarks.md); it grows only under load, to at most ~96 MB.
CMD ["node", "--max-semi-space-size=32", "dist/apps/api/apps/api/src/main.js"]
