// The tokenomics view: the running epoch (`depin_price`, `depin_emissions`) and charts of the
// ended ones (`depin_epochHistory`, newest first, paged with `before`).
import { compact, drawChart, drawn } from './charts.js';
import { card, h, problem } from './dom.js';
import { block, dpn, dpnNumber, integer, percent, price } from './format.js';

const POOLS = [
	['coverage', 'Coverage', '#48bb78'],
	['computeAvailability', 'Compute availability', '#63b3ed'],
	['validators', 'Validators', '#b794f4'],
	['dataTransfer', 'Data transfer', '#f6ad55'],
	['treasury', 'Treasury', '#a0aec0'],
];

const dpnText = (v) => `${v.toLocaleString('en-US', { maximumFractionDigits: 2 })} DPN`;

export class TokenomicsView {
	/** @param {HTMLElement} root @param {{depin: () => any}} app */
	constructor(root, app) {
		this.root = root;
		this.app = app;
		this.stats = h('div', { class: 'stats', testid: 'token-stats' }, h('p', { class: 'empty' }, 'Waiting for the node…'));
		this.problems = h('div');
		const box = (name) => h('div', { class: 'chart', testid: `chart-${name}` });
		this.charts = {
			price: box('price'),
			credits: box('credits'),
			'burn-mint': box('burn-mint'),
			pools: box('pools'),
			issuance: box('issuance'),
		};
		this.epochCount = h('span', { class: 'muted', testid: 'epoch-count' });
		root.replaceChildren(
			h('div', { class: 'page-head' }, h('h2', {}, 'Tokenomics'), h('span', { class: 'muted' }, 'Burn and mint: DPN burned for credits, emissions paid to the pools'), this.epochCount),
			this.stats,
			this.problems,
			h(
				'div',
				{ class: 'page-grid' },
				card('DPN price in force (credit price, USD per DPN)', {}, this.charts.price),
				card('Credits minted per epoch', {}, this.charts.credits),
				card('DPN burned and minted per epoch', {}, this.charts['burn-mint']),
				card('Pools paid per epoch (DPN: each emission part plus what rolled over unearned)', {}, this.charts.pools),
				card('Total issuance after each epoch (DPN)', { class: 'card wide' }, this.charts.issuance),
			),
		);
	}

	reset() {
		this.history = null;
	}

	async refresh() {
		const depin = this.app.depin();
		if (!depin) return;
		const [priceView, emissions, history] = await Promise.all([
			depin.price().catch((e) => e),
			depin.emissions().catch((e) => e),
			depin.epochHistory().catch((e) => e),
		]);
		this.renderStats(priceView, emissions);
		if (history instanceof Error) {
			this.problems.replaceChildren(problem(history));
			for (const [name, element] of Object.entries(this.charts)) {
				drawn.set(name, []);
				element.replaceChildren(h('p', { class: 'empty' }, 'No history to chart.'));
			}
			this.epochCount.textContent = '';
			return;
		}
		this.problems.replaceChildren();
		this.renderCharts(history);
	}

	renderStats(priceView, emissions) {
		const stat = (label, value, sub, testid) =>
			h('div', { class: 'stat', testid }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value), sub ? h('div', { class: 'sub' }, sub) : null);
		const items = [];
		if (priceView instanceof Error) items.push(problem(priceView));
		else {
			const p = priceView.price;
			items.push(
				stat('DPN price in force', p ? price(p.creditPrice) : 'no price', p ? `median ${price(p.median)} · ${p.sources} feeders` : `needs ${priceView.minFeeders} feeders`, 'stat-price'),
			);
		}
		if (emissions instanceof Error) items.push(problem(emissions));
		else {
			const e = emissions;
			const pools = POOLS.slice(0, 4).map(([key]) => BigInt(e[key]?.projectedAmount ?? 0)).reduce((a, b) => a + b, 0n);
			items.push(
				stat('Running epoch', integer(e.currentEpoch), `ends at ${block(e.epochEndsAt)} · ${integer(e.epochLength)} blocks`, 'stat-epoch'),
				stat('Base emission', dpn(e.baseEmission, 0), `halves at epoch ${integer(e.nextHalvingEpoch)}`),
				stat('Burned this epoch', dpn(e.burnedThisEpoch), `re-minted last: ${dpn(e.reminted)}`),
				stat('Pools this epoch (projected)', dpn(pools.toString(), 0), POOLS.map(([key, label]) => `${label.split(' ')[0].toLowerCase()} ${percent(e.split[key])}`).join(' · ')),
			);
		}
		this.stats.replaceChildren(...items);
	}

	renderCharts(history) {
		const epochs = [...history].sort((a, b) => a.epoch - b.epoch);
		this.epochCount.textContent = `${epochs.length} ended epoch${epochs.length === 1 ? '' : 's'}`;
		const list = epochs.map((e) => e.epoch);
		const num = (v) => (v === null || v === undefined ? null : Number(v));
		drawChart(this.charts.price, {
			name: 'price',
			epochs: list,
			kind: 'line',
			series: [{ key: 'creditPrice', label: 'Credit price', color: '#4fd1c5', values: epochs.map((e) => num(e.creditPrice)) }],
			format: (v) => `$${v.toFixed(4)}`,
		});
		drawChart(this.charts.credits, {
			name: 'credits',
			epochs: list,
			kind: 'bars',
			series: [{ key: 'creditsMinted', label: 'Credits minted', color: '#63b3ed', values: epochs.map((e) => num(e.creditsMinted)) }],
			format: (v) => `${compact(v)} credits`,
		});
		drawChart(this.charts['burn-mint'], {
			name: 'burn-mint',
			epochs: list,
			kind: 'bars',
			series: [
				{ key: 'burned', label: 'DPN burned for credits', color: '#fc8181', values: epochs.map((e) => dpnNumber(e.burned)) },
				{ key: 'minted', label: 'DPN minted at the end', color: '#68d391', values: epochs.map((e) => dpnNumber(e.minted)) },
			],
			format: dpnText,
		});
		drawChart(this.charts.pools, {
			name: 'pools',
			epochs: list,
			kind: 'stacked',
			series: POOLS.map(([key, label, color]) => ({
				key,
				label,
				color,
				values: epochs.map((e) => dpnNumber(key === 'treasury' ? e.treasury : e.pools?.[key])),
			})),
			format: dpnText,
		});
		drawChart(this.charts.issuance, {
			name: 'issuance',
			epochs: list,
			kind: 'line',
			series: [{ key: 'totalIssuance', label: 'Total issuance', color: '#f6e05e', values: epochs.map((e) => dpnNumber(e.totalIssuance)) }],
			format: dpnText,
		});
	}
}
