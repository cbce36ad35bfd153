# Production image. The mediasoup worker is built from the sources in its npm tarball by the same script the
# set-up uses (no prebuilt download), then dev dependencies are pruned.
FROM node:20-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential python3 libssl-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN MEDIASOUP_WORKER_BIN=/nonexistent ONNXRUNTIME_NODE_INSTALL_CUDA=skip npm ci --no-audit --no-fund
# libssl-dev above makes the script build the worker against Debian's OpenSSL 3 (the runtime stage installs
# libssl3); EDUFORUM_WORKER_OPENSSL=system makes a missing libssl-dev fail the image instead of falling back.
RUN EDUFORUM_CACHE_DIR=/tmp/worker-cache EDUFORUM_WORKER_OPENSSL=system bash scripts/build-mediasoup-worker.sh
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg ca-certificates tini libssl3 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/client/dist ./client/dist
USER node
EXPOSE 3000
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/tool/main.js"]
