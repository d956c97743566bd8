//! What a node offers its users besides consensus: the JSON-RPC surface, unsafe methods refused
//! on a public interface, and Prometheus metrics.

use std::time::Duration;

use depin_e2e::{prometheus_metrics, test_slot, Error, NodeConfig};

const TIMEOUT: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread")]
async fn standard_rpc_methods_and_metrics_are_served() {
	let _slot = test_slot().await;
	let node = NodeConfig::dev().spawn().await.expect("the dev node starts");
	node.wait_for_best(1, TIMEOUT).await.expect("a block is produced");
	let rpc = node.rpc().await.expect("RPC");

	let methods = rpc.request("rpc_methods", vec![]).await.expect("rpc_methods");
	let methods: Vec<&str> = methods["methods"]
		.as_array()
		.expect("a list of methods")
		.iter()
		.filter_map(|m| m.as_str())
		.collect();
	for wanted in [
		"system_health",
		"system_accountNextIndex",
		"chain_getFinalizedHead",
		"state_getRuntimeVersion",
		"author_submitExtrinsic",
		"author_rotateKeys",
		"chainHead_v1_follow",
		"transaction_v1_broadcast",
		"payment_queryInfo",
	] {
		assert!(methods.contains(&wanted), "{wanted} is not served: {methods:?}");
	}
	let version = rpc.request("state_getRuntimeVersion", vec![]).await.expect("runtime version");
	assert_eq!(version["specName"], "depin");

	// On a loopback-only node the unsafe methods are allowed: a validator rotates its keys.
	let keys = rpc.request("author_rotateKeys", vec![]).await.expect("keys rotate on loopback");
	assert!(keys.as_str().is_some_and(|k| k.starts_with("0x")), "session keys: {keys}");

	let text = prometheus_metrics(node.prometheus_port()).await;
	assert!(
		text.starts_with("HTTP/1.1 200"),
		"metrics answer 200: {}",
		&text[..text.len().min(200)]
	);
	assert!(text.contains("substrate_block_height"), "block height is exported");
}

#[tokio::test(flavor = "multi_thread")]
async fn unsafe_rpc_methods_are_refused_on_public_interfaces() {
	let _slot = test_slot().await;
	// A non-validator node whose RPC listens on every interface, with the default
	// `--rpc-methods auto`.
	let node =
		NodeConfig::chain("dev").arg("--rpc-external").spawn().await.expect("the node starts");
	let rpc = node.rpc().await.expect("RPC");

	let refused = rpc.request("author_rotateKeys", vec![]).await;
	match refused {
		Err(Error::Rpc(e)) => assert!(
			e.text().contains("unsafe") || e.code == -32601,
			"the refusal says the method is unsafe: {e:?}"
		),
		other => panic!("author_rotateKeys must be refused on a public interface: {other:?}"),
	}
	// Safe methods still answer.
	rpc.request("system_health", vec![]).await.expect("system_health answers");
}
