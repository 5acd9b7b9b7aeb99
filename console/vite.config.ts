import react from "@vitejs/plugin-react";
import { fileURLToPath, URL } from "node:url";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";

// `npm run dev` serves the console with hot reload and forwards /v1 to the product (`make dev`).
export default defineConfig({
  plugins: [
    react(),
    // A service worker precaches the built app shell (HTML, JS, CSS, fonts) so the console, and the
    // till, starts after a reload while offline. It never answers for the API: only navigations fall
    // back to index.html, and the API's paths are denied that fallback (and nothing is cached at runtime).
    VitePWA({
      registerType: "autoUpdate",
      injectRegister: "script-defer",
      manifest: false,
      workbox: {
        globPatterns: ["**/*.{js,css,html,svg,woff2}"],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: "index.html",
        navigateFallbackDenylist: [/^\/v1(\/|$)/, /^\/_localcloud(\/|$)/, /^\/health$/, /^\/docs(\/|$)/],
        skipWaiting: true,
        clientsClaim: true,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  server: { port: 5173, proxy: { "/v1": process.env.LEDGERLET_API ?? "http://127.0.0.1:8080" } },
  build: {
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes("echarts") || id.includes("zrender")) return "charts";
          if (id.includes("node_modules/antd") || id.includes("@ant-design") || id.includes("rc-")) return "antd";
          if (id.includes("node_modules")) return "vendor";
          return undefined;
        },
      },
    },
  },
});
