import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    environment: "node",
    globals: false,
    // Each test file gets its own module graph, so each can open its own temporary database.
    isolate: true,
    pool: "forks",
    testTimeout: 20_000,
  },
});
