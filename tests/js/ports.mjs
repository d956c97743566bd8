// Free loopback ports for the Node.js tests that start depin-node (tests/js and explorer/tests):
// plain Node.js, no dependencies, so any of them can import it.
import { createServer } from 'node:net';

/** `count` distinct free TCP ports on loopback, found by binding to port 0 (all held at once). */
export async function freePorts(count) {
	const servers = [];
	try {
		for (let i = 0; i < count; i += 1) {
			const server = createServer();
			await new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(0, '127.0.0.1', resolve);
			});
			servers.push(server);
		}
		return servers.map((server) => server.address().port);
	} finally {
		await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
	}
}
