# One image for api, worker and the built web app (APP_ROLE selects the role).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npx nx run api:build && npx vite build -c apps/web/vite.config.mts

FROM node:20-bookworm-slim
ENV NODE_ENV=production TZ=Asia/Shanghai
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY seeds ./seeds
EXPOSE 3000
CMD ["node", "dist/api/apps/api/src/main.js"]
