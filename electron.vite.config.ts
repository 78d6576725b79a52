import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'

// Output stays CommonJS (package.json has no "type": "module"): the sandboxed preload cannot be an ES module.
// Vite 8 bundles with Rolldown, so `build.rolldownOptions` is the current name of `build.rollupOptions`.
export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          trainer: resolve(__dirname, 'electron/trainer/index.ts'),
          serve: resolve(__dirname, 'electron/main/serve/index.ts'),
          importWorker: resolve(__dirname, 'electron/main/services/importWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [vue()],
    build: {
      rolldownOptions: {
        input: { index: resolve(__dirname, 'renderer/index.html') },
      },
    },
  },
})
