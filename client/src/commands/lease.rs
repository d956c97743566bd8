//! `depin lease list|offers|order|bid|accept|direct|top-up|heartbeat|available|close|show`.

use std::time::Duration;

use serde_json::{json, Value as Json};

use super::{receipt_output, Context};
use crate::{
	chain::Chain,
	cli::{LeaseCommand, RequirementArgs},
	errors::{Error, Result},
	output::{self, Output},
	payloads,
	runtime::{api, bytes, device_signature, OfferTerms, Requirements},
};

/// How long a heartbeat is signed again when the pool found its interval past or not yet begun:
/// the node's pool may see an older block than the best one the client read, on a busy node
/// (thousands of transactions to revalidate a block) by several blocks.
const RESUBMIT_FOR: Duration = Duration::from_secs(30);

/// Runs a lease command.
pub async fn run(context: &Context, command: LeaseCommand) -> Result<Output> {
	let tx = api::transactions().leases();
	match command {
		LeaseCommand::List { device, price, min, max, region } => {
			let terms = OfferTerms {
				price_per_hour: price,
				min_duration: min,
				max_duration: max,
				region: bytes(&region),
			};
			let receipt = signed(context, &tx.list_offer(device, terms)).await?;
			let extra = format!("device {device} listed at {price} credits an hour in {region}");
			Ok(receipt_output(&receipt, &extra, json!({ "device": device })))
		}
		LeaseCommand::Offers(args) => {
			let params = vec![requirements_json(&args), json!(args.duration)];
			let quotes = context.chain().await?.request("depin_leaseQuote", params).await?;
			let count = quotes.as_array().map_or(0, Vec::len);
			let mut text = format!("{count} offer(s) for {} blocks, cheapest first", args.duration);
			for quote in quotes.as_array().into_iter().flatten() {
				text.push_str(&format!(
					"\n  device {}: {} credits/hour, {} credits for the term",
					quote["device"], quote["pricePerHour"], quote["totalCredits"]
				));
			}
			Ok(Output { text: text.replace('"', ""), json: quotes })
		}
		LeaseCommand::Order(args) => {
			let receipt =
				signed(context, &tx.create_order(requirements(&args), args.duration)).await?;
			let order = receipt.number("Leases", "OrderCreated", "order");
			let extra = order.map(|id| format!("order id: {id}")).unwrap_or_default();
			Ok(receipt_output(&receipt, &extra, json!({ "order": order })))
		}
		LeaseCommand::Bid { order, device, price } => {
			let receipt = signed(context, &tx.place_bid(order, device, price)).await?;
			let extra = format!("device {device} bid {price} credits an hour on order {order}");
			Ok(receipt_output(&receipt, &extra, json!({ "order": order, "device": device })))
		}
		LeaseCommand::Accept { order, device } => {
			let receipt = signed(context, &tx.accept_bid(order, device)).await?;
			lease_started(&receipt)
		}
		LeaseCommand::Direct { device, duration, deposit, max_price } => {
			let call = tx.lease_offer(device, duration, deposit, max_price);
			let receipt = signed(context, &call).await?;
			lease_started(&receipt)
		}
		LeaseCommand::TopUp { lease, amount } => {
			let receipt = signed(context, &tx.top_up(lease, amount)).await?;
			let extra = format!("lease {lease} topped up with {amount} credits");
			Ok(receipt_output(&receipt, &extra, json!({ "lease": lease })))
		}
		LeaseCommand::Heartbeat { lease, key } => heartbeat(context, lease, &key).await,
		LeaseCommand::Available { device, key } => available(context, device, &key).await,
		LeaseCommand::Close { lease } => {
			let receipt = signed(context, &tx.close_lease(lease)).await?;
			let closed = receipt.event("Leases", "LeaseClosed").cloned();
			let extra = match &closed {
				Some(event) => format!("lease {lease} closed: {}", event["reason"]),
				None => format!("lease {lease} closing after the notice period"),
			};
			Ok(receipt_output(&receipt, &extra.replace('"', ""), json!({ "lease": lease })))
		}
		LeaseCommand::Show { lease } => {
			let value = context.chain().await?.request("depin_lease", vec![json!(lease)]).await?;
			Ok(output::read(&format!("lease {lease}"), value, "no such lease"))
		}
		LeaseCommand::Access { lease } => {
			let suri = context.suri.as_deref().ok_or_else(|| {
				Error::Usage("the tenant's key opens the details: pass --suri".into())
			})?;
			let secret = crate::secrets::account_secret(suri, "--suri").map_err(Error::Usage)?;
			let chain = context.chain().await?;
			let sealed = chain.lease_access(lease).await?.ok_or_else(|| {
				Error::Usage(format!(
					"lease {lease} has no access details (not set by its provider yet, or closed)"
				))
			})?;
			let genesis = chain.genesis_hash().await?;
			let details =
				crate::access::open(&genesis, lease, &secret, &sealed).map_err(Error::Usage)?;
			let text = String::from_utf8_lossy(&details).into_owned();
			Ok(Output { text: text.clone(), json: json!({ "lease": lease, "access": text }) })
		}
	}
}

/// Signs and submits a call with the --suri account.
async fn signed(
	context: &Context,
	call: &impl subxt::transactions::Payload,
) -> Result<crate::chain::Receipt> {
	context.chain().await?.submit(call, &context.signer()?).await
}

/// The output of a call that starts a lease: its id.
fn lease_started(receipt: &crate::chain::Receipt) -> Result<Output> {
	let lease = receipt.number("Leases", "LeaseStarted", "lease");
	let extra = lease.map(|id| format!("lease id: {id}")).unwrap_or_default();
	Ok(receipt_output(receipt, &extra, json!({ "lease": lease })))
}

/// Requirements as call data.
fn requirements(args: &RequirementArgs) -> Requirements {
	Requirements {
		model: args.model.as_deref().map(bytes),
		min_vram_gib: args.min_vram,
		gpu_count: args.gpus,
		region: args.region.as_deref().map(bytes),
		max_price_per_hour: args.max_price,
	}
}

/// Requirements as the `depin_*` methods take them.
fn requirements_json(args: &RequirementArgs) -> Json {
	json!({
		"model": args.model,
		"minVramGib": args.min_vram,
		"gpuCount": args.gpus,
		"region": args.region,
		"maxPricePerHour": args.max_price.to_string(),
	})
}

/// Sends the device-signed heartbeat of the interval the next block is in; signs again for the
/// then current interval if the pool finds it outdated.
async fn heartbeat(context: &Context, lease: u64, key: &str) -> Result<Output> {
	let chain = context.chain().await?;
	let device = crate::secrets::device_pair(key, "--key").map_err(Error::Usage)?;
	let record = chain.request("depin_lease", vec![json!(lease)]).await?;
	if record.is_null() {
		return Err(Error::Usage(format!("no lease {lease}")));
	}
	let number = |field: &str| {
		record[field].as_u64().ok_or_else(|| Error::Rpc(format!("depin_lease: no {field}")))
	};
	let (started, period) = (number("startedAt")?, number("heartbeatPeriod")?.max(1));
	let genesis = chain.genesis_hash().await?;
	submit_current(&chain, || async {
		let interval = next_interval(&chain, started, period).await?;
		let signature = device.sign(&payloads::heartbeat_payload(&genesis, lease, interval));
		let call =
			api::transactions().leases().heartbeat(lease, interval, device_signature(&signature));
		let extra = format!("heartbeat of lease {lease}, interval {interval}");
		Ok((call, extra, json!({ "lease": lease, "interval": interval })))
	})
	.await
}

/// Sends the device-signed proof of the availability window that ended last, over the hash of
/// its last block; signs again for the next window if the pool finds it outdated.
async fn available(context: &Context, device: u64, key: &str) -> Result<Output> {
	let chain = context.chain().await?;
	let (pair, _) = super::device_pair(&chain, device, key).await?;
	let period = chain.availability_period().await?.max(1);
	let genesis = chain.genesis_hash().await?;
	submit_current(&chain, || async {
		let current = (chain.best_number().await? + 1) / period;
		let Some(window) = current.checked_sub(1) else {
			return Err(Error::Usage("no availability window has ended yet".into()));
		};
		let challenge = chain.block_hash(current * period - 1).await?;
		let window = u32::try_from(window).map_err(|_| Error::Other("window overflow".into()))?;
		let signature =
			pair.sign(&payloads::availability_payload(&genesis, device, window, &challenge));
		let call = api::transactions().leases().prove_availability(
			device,
			window,
			device_signature(&signature),
		);
		let extra = format!("device {device} proven available through window {window}");
		Ok((call, extra, json!({ "device": device, "window": window })))
	})
	.await
}

/// Submits the fee-less general transaction `sign` builds for the chain as it stands (with its
/// output text and fields, to which `sentAt` adds the best block when it was sent the last
/// time); when the pool finds it outdated (its interval or window passed, or
/// has not begun where the pool stands), waits for a block and has `sign` build it again, for
/// up to [`RESUBMIT_FOR`].
async fn submit_current<P, F, Fut>(chain: &Chain, mut sign: F) -> Result<Output>
where
	P: subxt::transactions::Payload,
	F: FnMut() -> Fut,
	Fut: std::future::Future<Output = Result<(P, String, Json)>>,
{
	let deadline = tokio::time::Instant::now() + RESUBMIT_FOR;
	loop {
		let (call, extra, mut fields) = sign().await?;
		// The best block when the pool took it: how long inclusion took, apart from the tries.
		let sent_at = chain.best_number().await?;
		match chain.submit_general(&call).await {
			Err(Error::Refused { reason, .. })
				if tokio::time::Instant::now() < deadline && is_outdated(&reason) =>
			{
				// Give the pool a block to catch up with the chain.
				tokio::time::sleep(Duration::from_millis(700)).await;
			}
			Err(other) => return Err(other),
			Ok(receipt) => {
				fields["sentAt"] = json!(sent_at);
				return Ok(receipt_output(&receipt, &extra, fields));
			}
		}
	}
}

/// Whether a refusal says the heartbeat's interval passed or has not begun.
fn is_outdated(reason: &str) -> bool {
	let reason = reason.to_lowercase();
	reason.contains("stale")
		|| reason.contains("outdated")
		|| reason.contains("future")
		// Valid when sent, invalid by the time a block could take it: its interval passed.
		|| reason.contains("marked as invalid")
}

/// The interval the next block falls in, waiting out the last block of an interval (a
/// heartbeat sent then would live one block).
async fn next_interval(chain: &Chain, started: u64, period: u64) -> Result<u32> {
	for _ in 0..20 {
		let next = chain.best_number().await? + 1;
		let offset = next.saturating_sub(started) % period;
		if next >= started && (offset != period - 1 || period == 1) {
			let interval = next.saturating_sub(started) / period;
			return u32::try_from(interval).map_err(|_| Error::Other("interval overflow".into()));
		}
		tokio::time::sleep(Duration::from_secs(2)).await;
	}
	Err(Error::Other("the chain did not reach the lease's next interval".into()))
}
