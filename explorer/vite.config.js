import { defineConfig } from 'vite';

// Relative asset paths: dist/ can be served from any directory or path.
export default defineConfig({
	base: './',
	build: { outDir: 'dist', target: 'es2022', chunkSizeWarningLimit: 2500 },
	server: { host: '127.0.0.1', port: 5173 },
	preview: { host: '127.0.0.1', port: 4173 },
});
