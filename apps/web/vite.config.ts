import { fileURLToPath } from 'node:url';
import { defineConfig, type ProxyOptions } from 'vite';

/**
 * The console is served by the API under /console/ (same origin, so the refresh cookie and
 * the CSP's connect-src 'self' both hold). `vite` (dev) and `vite preview` proxy the API's
 * routes to MOU_API_URL so the same relative URLs work there too.
 */
const apiUrl = process.env.MOU_API_URL ?? 'http://127.0.0.1:3000';
const apiRoutes = [
  '/auth',
  '/agreements',
  '/milestones',
  '/deadlines',
  '/dashboard',
  '/reports',
  '/countries',
  '/cooperation-areas',
  '/users',
  '/notifications',
  '/reminders',
  '/audit-events',
  '/calendar',
  '/webhooks',
  '/health',
];
const proxy: Record<string, ProxyOptions> = Object.fromEntries(
  apiRoutes.map((route) => [route, { target: apiUrl, changeOrigin: false }]),
);

/** What the API sends for the console; preview sends it too so tests catch a violation either way. */
export const consoleCsp =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Fonts and images as files, never data: URIs, so the CSP needs no data: for fonts.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // Mantine marks its modules "use client" (for React Server Components); a SPA has no server side.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  server: { proxy },
  preview: { proxy, headers: { 'Content-Security-Policy': consoleCsp } },
});
