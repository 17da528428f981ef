FROM node:20-bookworm-slim
WORKDIR /app
# grid cards: a CJK font for the PDF, Chromium for the PNG; ogr tools are not needed at run time
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk chromium && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN WANGGE_SKIP_PREPARE=1 npm ci --no-audit --no-fund
COPY . .
RUN npm run build
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
EXPOSE 3000
CMD ["npm", "start"]
