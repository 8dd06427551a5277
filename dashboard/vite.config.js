import { defineConfig } from 'vite';

// The build lands in target/vite; Maven packages it under webroot/ in the dashboard jar,
// which the server serves.
export default defineConfig({
  build: {
    outDir: 'target/vite',
    emptyOutDir: true,
    assetsDir: 'assets',
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/ws': { target: 'ws://localhost:8080', ws: true },
    },
  },
});
