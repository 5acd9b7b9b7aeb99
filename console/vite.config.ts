import react from "@vitejs/plugin-react";
import { fileURLToPath, URL } from "node:url";
import { defineConfig } from "vite";

// `npm run dev` serves the console with hot reload and forwards /v1 to the product (`make dev`).
export default defineConfig({
  plugins: [react()],
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
