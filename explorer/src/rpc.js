// A small JSON-RPC 2.0 client over one WebSocket: requests with ids, subscriptions, a timeout
// on every request and on opening, and a count of the calls made (the benchmark reports it).

/** Why a connection or a call failed; `kind` is what the page explains. */
export class RpcError extends Error {
	/**
	 * @param {string} message
	 * @param {{kind: 'refused' | 'timeout' | 'closed' | 'rpc', code?: number, method?: string}} details
	 */
	constructor(message, details) {
		super(message);
		this.name = 'RpcError';
		this.kind = details.kind;
		this.code = details.code;
		this.method = details.method;
	}

	/** Whether the node does not serve the method (JSON-RPC -32601). */
	get methodNotFound() {
		return this.kind === 'rpc' && this.code === -32601;
	}
}

const OPEN_TIMEOUT_MS = 8000;
const REQUEST_TIMEOUT_MS = 30000;

export class RpcClient {
	/** @param {string} url a ws:// or wss:// address */
	constructor(url, { openTimeoutMs = OPEN_TIMEOUT_MS, requestTimeoutMs = REQUEST_TIMEOUT_MS } = {}) {
		this.url = url;
		this.openTimeoutMs = openTimeoutMs;
		this.requestTimeoutMs = requestTimeoutMs;
		this.nextId = 1;
		/** @type {Map<number, {resolve: Function, reject: Function, method: string, timer: any}>} */
		this.pending = new Map();
		/** @type {Map<string, (result: any) => void>} */
		this.subscriptions = new Map();
		/** Notifications that arrived before their subscription id was known. */
		this.early = new Map();
		this.calls = 0;
		this.closed = false;
		this.onclose = null;
		this.socket = null;
	}

	/** Opens the socket; rejects with an RpcError of kind `refused` or `timeout`. */
	open() {
		return new Promise((resolve, reject) => {
			let socket;
			try {
				socket = new WebSocket(this.url);
			} catch (error) {
				reject(new RpcError(`"${this.url}" is not a WebSocket address (${error.message})`, { kind: 'refused' }));
				return;
			}
			this.socket = socket;
			let opened = false;
			const timer = setTimeout(() => {
				if (opened) return;
				socket.close();
				reject(new RpcError(`no answer from ${this.url} within ${this.openTimeoutMs / 1000} s`, { kind: 'timeout' }));
			}, this.openTimeoutMs);
			socket.onopen = () => {
				opened = true;
				clearTimeout(timer);
				resolve();
			};
			socket.onmessage = (event) => this.receive(event.data);
			socket.onclose = (event) => {
				clearTimeout(timer);
				if (!opened) {
					reject(new RpcError(`could not open a WebSocket to ${this.url}`, { kind: 'refused' }));
					return;
				}
				this.fail(new RpcError(`the connection to ${this.url} closed (code ${event.code})`, { kind: 'closed' }));
				if (!this.closed && this.onclose) this.onclose(event);
			};
			// The close event that follows carries what the page can tell; nothing more here.
			socket.onerror = () => {};
		});
	}

	/** Closes the socket and fails what is pending. */
	close() {
		this.closed = true;
		this.fail(new RpcError('closed', { kind: 'closed' }));
		if (this.socket && this.socket.readyState <= 1) this.socket.close();
	}

	fail(error) {
		for (const [id, call] of this.pending) {
			clearTimeout(call.timer);
			call.reject(error);
			this.pending.delete(id);
		}
	}

	receive(text) {
		let message;
		try {
			message = JSON.parse(text);
		} catch {
			return;
		}
		if (message.id !== undefined && message.id !== null) {
			const call = this.pending.get(message.id);
			if (!call) return;
			this.pending.delete(message.id);
			clearTimeout(call.timer);
			if (message.error) {
				const { code, message: why } = message.error;
				call.reject(new RpcError(`${call.method}: ${why} (${code})`, { kind: 'rpc', code, method: call.method }));
			} else {
				call.resolve(message.result);
			}
			return;
		}
		const subscription = message.params?.subscription;
		if (subscription === undefined) return;
		const handler = this.subscriptions.get(String(subscription));
		if (handler) handler(message.params.result);
		else {
			const queue = this.early.get(String(subscription)) ?? [];
			queue.push(message.params.result);
			this.early.set(String(subscription), queue.slice(-16));
		}
	}

	/**
	 * Calls `method` with positional `params`.
	 * @returns {Promise<any>} the result; rejects with an RpcError
	 */
	request(method, params = []) {
		if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
			return Promise.reject(new RpcError(`not connected to ${this.url}`, { kind: 'closed', method }));
		}
		const id = this.nextId++;
		this.calls += 1;
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.pending.delete(id);
				reject(new RpcError(`${method}: no answer within ${this.requestTimeoutMs / 1000} s`, { kind: 'timeout', method }));
			}, this.requestTimeoutMs);
			this.pending.set(id, { resolve, reject, method, timer });
			this.socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
		});
	}

	/**
	 * Subscribes with `method`; `onData` gets each notification's result.
	 * @returns {Promise<{unsubscribe: () => Promise<void>}>}
	 */
	async subscribe(method, params, unsubscribeMethod, onData) {
		const id = String(await this.request(method, params));
		this.subscriptions.set(id, onData);
		for (const result of this.early.get(id) ?? []) onData(result);
		this.early.delete(id);
		return {
			unsubscribe: async () => {
				this.subscriptions.delete(id);
				if (this.socket?.readyState === WebSocket.OPEN) {
					await this.request(unsubscribeMethod, [id]).catch(() => {});
				}
			},
		};
	}
}
