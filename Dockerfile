FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN WANGGE_SKIP_PREPARE=1 npm ci --no-audit --no-fund
COPY . .
RUN npm run build
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
EXPOSE 3000
CMD ["npm", "start"]
