# One image for api, worker and the built web app (APP_ROLE selects the role).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npx nx run api:build && npx vite build -c apps/web/vite.config.mts

FROM node:20-bookworm-slim
# A larger young generation: a list answer's short-lived objects (rows, JSON) die before V8 scavenges them,
# about 10 % less CPU per list request at 1M (docs/benchmarks.md); bench:api runs the API the same way.
ENV NODE_ENV=production TZ=Asia/Shanghai NODE_OPTIONS=--max-semi-space-size=32
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY seeds ./seeds
EXPOSE 3000
CMD ["node", "dist/api/apps/api/src/main.js"]
