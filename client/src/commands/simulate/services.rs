//! `depin simulate --services DIR`: the fleet's devices run by the operator daemons instead of
//! the simulator. One `depin hotspot run` process an operator with hotspots, each hotspot behind
//! a gateway of the simulated air ([`crate::air`]) standing at the hotspot's cell, and one
//! `depin provider run` an operator with GPU machines, which heartbeats their leases and claims;
//! their files, key files and logs are written in `DIR`. The simulator only watches the chain.

use std::{
	path::{Path, PathBuf},
	process::Stdio,
	sync::Arc,
	time::Duration,
};

use serde_json::{json, Value as Json};
use tokio::{process::Child, sync::watch, task::JoinHandle};

use crate::{
	air::{self, AirStats, Station},
	errors::{Error, Result},
	fleet::{self, progress, Fleet},
	lora::semtech::{self, Eui},
};

/// The running services and the air between their gateways.
pub struct Services {
	children: Vec<(PathBuf, Child)>,
	stop_air: watch::Sender<bool>,
	air: JoinHandle<Result<()>>,
	stats: Arc<AirStats>,
}

/// The EUI of fleet hotspot `index`'s gateway: `DE91` then the index.
pub fn gateway_eui(index: usize) -> Eui {
	let mut eui = [0xDE, 0x91, 0, 0, 0, 0, 0, 0];
	eui[2..].copy_from_slice(&(index as u64).to_be_bytes()[2..]);
	eui
}

/// A free loopback UDP port.
fn free_udp_port() -> Result<u16> {
	std::net::UdpSocket::bind("127.0.0.1:0")
		.and_then(|socket| socket.local_addr())
		.map(|addr| addr.port())
		.map_err(|error| Error::Other(format!("no free UDP port: {error}")))
}

impl Services {
	/// Writes the services' files in `dir`, starts one service an operator connected to `url`,
	/// and the air between every located hotspot's gateway.
	pub async fn start(fleet: &Fleet, seed: &str, url: &str, dir: &Path) -> Result<Services> {
		std::fs::create_dir_all(dir)
			.map_err(|error| Error::Usage(format!("--services {}: {error}", dir.display())))?;
		let exe = std::env::current_exe()
			.map_err(|error| Error::Other(format!("the depin executable: {error}")))?;
		let mut children = Vec::new();
		let mut stations = Vec::new();
		for operator in 0..fleet.operators.len() {
			let mine: Vec<usize> = (0..fleet.hotspots.len())
				.filter(|&i| fleet.hotspots[i].owner == operator)
				.collect();
			if mine.is_empty() {
				continue;
			}
			let udp = free_udp_port()?;
			let mut text = format!(
				"node = {url:?}\nlisten = \"127.0.0.1:0\"\nudp = \"127.0.0.1:{udp}\"\nbatch_ms = 300\n"
			);
			for &index in &mine {
				let Some(id) = fleet.hotspots[index].id else { continue };
				let key = dir.join(format!("hotspot-{index}.key"));
				write(&key, &fleet::device_suri(seed, "hotspot", index))?;
				let eui = gateway_eui(index);
				text.push_str(&format!(
					"\n[[hotspots]]\nid = {id}\nkey = {:?}\ngateway = \"{}\"\n",
					key.display().to_string(),
					semtech::format_eui(&eui)
				));
				stations.push(Station {
					eui,
					server: ([127, 0, 0, 1], udp).into(),
					cell: fleet.hotspots[index].cell,
					gain_dbi_x10: i32::from(fleet::HOTSPOT_GAIN),
				});
			}
			children.push(spawn(&exe, dir, "hotspot", &format!("operator-{operator}"), &text)?);
		}
		for operator in 0..fleet.operators.len() {
			let machines: Vec<usize> =
				(0..fleet.gpus.len()).filter(|&i| fleet.gpus[i].owner == operator).collect();
			if machines.is_empty() {
				continue;
			}
			let account = dir.join(format!("operator-{operator}.account"));
			write(&account, &fleet::account_suri(seed, "operator", Some(operator)))?;
			let mut text = format!(
				"node = {url:?}\naccount_key = {:?}\nlisten = \"127.0.0.1:0\"\nclaim_every = 30\n",
				account.display().to_string()
			);
			for &index in &machines {
				let Some(id) = fleet.gpus[index].id else { continue };
				let key = dir.join(format!("gpu-{index}.key"));
				write(&key, &fleet::device_suri(seed, "gpu", index))?;
				text.push_str(&format!(
					"\n[[devices]]\nid = {id}\nkey = {:?}\n",
					key.display().to_string()
				));
			}
			let name = format!("provider-{operator}");
			children.push(spawn(&exe, dir, "provider", &name, &text)?);
		}
		progress(&format!(
			"{} services started ({} gateways in the air); files and logs in {}",
			children.len(),
			stations.len(),
			dir.display()
		));
		let (stop_air, stop) = watch::channel(false);
		let stats = Arc::new(AirStats::default());
		let air = tokio::spawn(air::run(stations, seed.to_owned(), stats.clone(), stop));
		Ok(Services { children, stop_air, air, stats })
	}

	/// Stops the services (SIGTERM, then a kill after 20 s) and the air; what they did.
	pub async fn stop(self) -> Result<Json> {
		let mut stopped = 0;
		for (log, mut child) in self.children {
			if let Some(pid) = child.id() {
				let _ =
					std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status();
			}
			match tokio::time::timeout(Duration::from_secs(20), child.wait()).await {
				Ok(Ok(status)) if status.success() => stopped += 1,
				_ => {
					let _ = child.kill().await;
					progress(&format!(
						"a hotspot service did not stop cleanly: see {}",
						log.display()
					));
				}
			}
		}
		let _ = self.stop_air.send(true);
		self.air.await.map_err(|error| Error::Other(format!("the air: {error}")))??;
		let (transmitted, delivered, refused) = self.stats.counts();
		Ok(json!({
			"stoppedCleanly": stopped,
			"transmitted": transmitted,
			"heard": delivered,
			"refused": refused,
		}))
	}
}

/// Writes `DIR/<name>.toml` and starts `depin <daemon> run` on it, its log in
/// `DIR/<name>.log`.
fn spawn(exe: &Path, dir: &Path, daemon: &str, name: &str, text: &str) -> Result<(PathBuf, Child)> {
	let config = dir.join(format!("{name}.toml"));
	write(&config, text)?;
	let log = dir.join(format!("{name}.log"));
	let stderr = std::fs::File::create(&log)
		.map_err(|error| Error::Usage(format!("{}: {error}", log.display())))?;
	let child = tokio::process::Command::new(exe)
		.arg(daemon)
		.arg("run")
		.arg("--config")
		.arg(&config)
		.stdout(Stdio::null())
		.stderr(stderr)
		.kill_on_drop(true)
		.spawn()
		.map_err(|error| Error::Other(format!("start a {daemon} service: {error}")))?;
	Ok((log, child))
}

/// Writes `text` to `path`.
fn write(path: &Path, text: &str) -> Result<()> {
	std::fs::write(path, text).map_err(|error| Error::Usage(format!("{}: {error}", path.display())))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn every_fleet_hotspot_has_its_own_gateway() {
		assert_eq!(gateway_eui(0), [0xDE, 0x91, 0, 0, 0, 0, 0, 0]);
		assert_eq!(semtech::format_eui(&gateway_eui(258)), "DE91000000000102");
		assert_ne!(gateway_eui(1), gateway_eui(2));
	}
}
