// A static file server for explorer/dist on loopback, for the browser test and the benchmark
// (`depin explorer --dir DIR --listen ADDR` serves the same files from the client).
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.map': 'application/json',
};

/** Serves `dir` on 127.0.0.1:`port` (0: any free port); resolves `{url, close}`. */
export function serveDir(dir, port = 0) {
	const root = resolve(dir);
	const server = createServer((request, response) => {
		const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
		let file = normalize(join(root, path));
		if (file !== root && !file.startsWith(root + sep)) {
			response.writeHead(403).end();
			return;
		}
		try {
			if (statSync(file).isDirectory()) file = join(file, 'index.html');
			statSync(file);
		} catch {
			response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
			return;
		}
		response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
		createReadStream(file).pipe(response);
	});
	return new Promise((done, fail) => {
		server.once('error', fail);
		server.listen(port, '127.0.0.1', () => {
			const { port: bound } = server.address();
			done({ url: `http://127.0.0.1:${bound}/`, close: () => new Promise((closed) => server.close(closed)) });
		});
	});
}
