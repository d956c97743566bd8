// Numbers as the chain writes them (decimal strings of base units) made readable.

/** DPN has 12 decimals. */
export const DPN_DECIMALS = 12;
/** One credit is 0.00001 USD (100,000 credits a dollar). */
export const CREDITS_PER_USD = 100000n;

const group = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A decimal string of base units with `decimals` places, shown with at most `places`. */
export function units(value, decimals, places = 2) {
	if (value === null || value === undefined) return '—';
	let big;
	try {
		big = BigInt(value);
	} catch {
		return String(value);
	}
	const negative = big < 0n;
	if (negative) big = -big;
	const scale = 10n ** BigInt(decimals);
	const whole = big / scale;
	let fraction = (big % scale).toString().padStart(decimals, '0').slice(0, places).replace(/0+$/, '');
	if (whole === 0n && fraction === '' && big > 0n) {
		// Below what `places` shows: show its first significant digits.
		const full = (big % scale).toString().padStart(decimals, '0');
		const first = full.search(/[1-9]/);
		fraction = full.slice(0, first + 2).replace(/0+$/, '');
	}
	return `${negative ? '-' : ''}${group(whole.toString())}${fraction ? `.${fraction}` : ''}`;
}

/** DPN from plancks: "1,234.56 DPN". */
export const dpn = (plancks, places = 2) => `${units(plancks, DPN_DECIMALS, places)} DPN`;

/** DPN as a float (for charts). */
export function dpnNumber(plancks) {
	if (plancks === null || plancks === undefined) return null;
	return Number(BigInt(plancks)) / 10 ** DPN_DECIMALS;
}

/** A whole number with thousands separators. */
export function integer(value) {
	if (value === null || value === undefined) return '—';
	return group(String(value));
}

/** Credits, with their dollar value: "100,000 credits ($1.00)". */
export function credits(value) {
	if (value === null || value === undefined) return '—';
	const big = BigInt(value);
	const cents = (big * 100n) / CREDITS_PER_USD;
	const usd = `$${group((cents / 100n).toString())}.${(cents % 100n).toString().padStart(2, '0')}`;
	return `${group(big.toString())} credits (${usd})`;
}

/** Credits as a number with their dollar value beside: "100,000 ($1.00)". */
export function creditsShort(value) {
	if (value === null || value === undefined) return '—';
	const big = BigInt(value);
	const cents = (big * 100n) / CREDITS_PER_USD;
	return `${group(big.toString())} ($${group((cents / 100n).toString())}.${(cents % 100n).toString().padStart(2, '0')})`;
}

/** A price with 18 places (USD per DPN), shown with 4. */
export function price(value) {
	if (value === null || value === undefined) return '—';
	const [whole, fraction = ''] = String(value).split('.');
	return `$${group(whole)}.${fraction.padEnd(4, '0').slice(0, 4)}`;
}

/** A 9-place fraction of one as a percentage: "0.350000000" → "35%". */
export function percent(value) {
	if (value === null || value === undefined) return '—';
	const n = Number(value) * 100;
	return `${Number.isInteger(n) ? n : n.toFixed(2)}%`;
}

/** An account shortened: "5Grwva…utQY". */
export function short(text, head = 6, tail = 4) {
	if (!text) return '—';
	return text.length > head + tail + 1 ? `${text.slice(0, head)}…${text.slice(-tail)}` : text;
}

/** A block number: "#1,234". */
export const block = (n) => (n === null || n === undefined ? '—' : `#${integer(n)}`);

/** Camel-case reasons as words: "tooClose" → "too close". */
export function words(camel) {
	return String(camel).replace(/([A-Z])/g, ' $1').toLowerCase();
}

/** Escapes text for HTML. */
export function esc(text) {
	return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
