import { defineConfig } from 'vite';
import { resolve } from 'node:path';

// One page per screen: / (sign-in), /wall, /duty, /dept and /live (the raw event stream). Each
// lands in target/vite/<screen>/index.html, which the server's static handler serves for
// /<screen>; Maven packages target/vite under webroot/ in the dashboard jar.
const page = (name) => resolve(import.meta.dirname, name, 'index.html');

export default defineConfig({
  build: {
    outDir: 'target/vite',
    emptyOutDir: true,
    assetsDir: 'assets',
    // ECharts (core, with the map, geo and the five chart types used) is one cacheable chunk of
    // ≈640 kB (≈220 kB gzipped), shared by every screen
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      output: { manualChunks: (id) => (id.includes('node_modules') ? 'echarts' : undefined) },
      input: {
        signin: resolve(import.meta.dirname, 'index.html'),
        wall: page('wall'),
        duty: page('duty'),
        dept: page('dept'),
        live: page('live'),
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/ws': { target: 'ws://localhost:8080', ws: true },
    },
  },
});
