# syntax=docker/dockerfile:1
# Helpdesk troubleshooting bot on Node 24 LTS: build with `docker build -t helpdesk-bot .`; see docs/deploy.md.

# ---- build: install everything and compile TypeScript to dist/ ----
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

# ---- runtime: production dependencies and the compiled app only ----
FROM node:24-bookworm-slim AS runtime
# PLAYGROUND=off: the Agents Playground is a dev dependency and is not in this image.
# DATA_DIR=/data: mount a persistent volume here (audit log, bot state).
ENV NODE_ENV=production \
    PORT=3978 \
    PLAYGROUND=off \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the only install script in the production tree is dtrace-provider's optional native build.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY cards ./cards
COPY locales ./locales
COPY appPackage ./appPackage
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3978
# No curl in the slim image: ask Node (global fetch) for /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/index.js"]
