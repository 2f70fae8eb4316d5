# One Dockerfile, three targets: the plugin build, Grafana with the plugin, and the service (also runs the demo).
ARG GRAFANA_VERSION=12.3.0
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY backend/package.json backend/
COPY contract/package.json contract/
RUN npm ci --no-audit --no-fund

FROM deps AS plugin-build
COPY . .
RUN npm run build

FROM grafana/grafana:${GRAFANA_VERSION} AS grafana
COPY --from=plugin-build /app/dist /var/lib/grafana/plugins/penguinmails-sysmon-app

FROM deps AS service
COPY backend backend
COPY contract contract
COPY deploy/sysmon.yaml deploy/
ENV NODE_ENV=production
USER node
EXPOSE 3001
ENTRYPOINT ["node", "backend/bin/sysmon.js"]
CMD ["serve", "--migrate"]
