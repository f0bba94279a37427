import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY_META } from './src/main/core/content-security-policy';

/** Writes the one CSP (src/main/core/content-security-policy.ts) into index.html's meta tag. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'vae-workbench-csp',
    transformIndexHtml: (html) => html.replace('%CONTENT_SECURITY_POLICY%', CONTENT_SECURITY_POLICY_META),
  };
}

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          // The Electron app's main process.
          index: resolve('src/main/electron/index.ts'),
          // The CLI (and through its serve command the headless host), run by plain Node.
          cli: resolve('src/main/cli/cli.ts'),
          // The training worker: its own process (utilityProcess in the app, child_process.fork headless).
          worker: resolve('src/worker/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        // A sandboxed preload must be one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
    plugins: [svelte({ configFile: resolve('svelte.config.js') }), contentSecurityPolicy()],
  },
});
