//! `depin device new|onboard|locate|show|list` and `depin maker attest`.

use serde_json::json;

use super::{receipt_output, Context};
use crate::{
	cli::{DeviceCommand, MakerCommand, NewKeyArgs, OnboardArgs},
	errors::{Error, Result},
	keys::{self, DevicePair, DeviceScheme},
	keystore,
	output::{self, Output},
	payloads::{self, DeviceClass},
	runtime::{
		api, bytes, device_key, DeviceAttributes, DeviceSignature, GpuAttributes, GpuInterface,
		H3Cell, HotspotAttributes, SensorAttributes, StorageAttributes,
	},
};

/// Runs a device command.
pub async fn run(context: &Context, command: DeviceCommand) -> Result<Output> {
	match command {
		DeviceCommand::New { scheme, key_file } => new_device_key(scheme, &key_file),
		DeviceCommand::Onboard(args) => onboard(context, args).await,
		DeviceCommand::Locate { device, cell, lat, lng, resolution, gain, elevation } => {
			let cell = match (cell, lat, lng) {
				(Some(cell), _, _) => parse_cell(&cell)?,
				(None, Some(lat), Some(lng)) => cell_at(lat, lng, resolution)?,
				_ => return Err(Error::Usage("give --cell, or --lat and --lng".into())),
			};
			let call = api::transactions().registry().assert_location(
				device,
				H3Cell(cell),
				gain,
				elevation,
			);
			let receipt = context.chain().await?.submit(&call, &context.signer()?).await?;
			let fee = receipt.event("Registry", "LocationAsserted").map(|e| e["fee"].clone());
			let extra = format!("device {device} located at 0x{cell:016x}");
			Ok(receipt_output(&receipt, &extra, json!({ "device": device, "fee": fee })))
		}
		DeviceCommand::Show { device, key } => {
			let chain = context.chain().await?;
			let (title, value) = match (device, key) {
				(_, Some(key)) => {
					let key = keys::parse_device_key(&key).map_err(Error::Usage)?;
					let key = keys::format_device_key(&key);
					(
						format!("device with key {key}"),
						chain.request("depin_deviceByKey", vec![json!(key)]).await?,
					)
				}
				(Some(id), None) => {
					(format!("device {id}"), chain.request("depin_device", vec![json!(id)]).await?)
				}
				(None, None) => return Err(Error::Usage("name a device id or --key".into())),
			};
			Ok(output::read(&title, value, "no such device"))
		}
		DeviceCommand::List { owner } => {
			let owner = context.account_or_signer(owner.as_deref())?.to_string();
			let value =
				context.chain().await?.request("depin_devicesOf", vec![json!(owner)]).await?;
			Ok(output::read(&format!("devices of {owner}"), value, "none"))
		}
	}
}

/// A fresh device key pair of `scheme`, into a key file unless only its secret is asked for.
fn new_device_key(scheme: DeviceScheme, args: &NewKeyArgs) -> Result<Output> {
	use sp_core::Pair as _;
	let (phrase, pair) = DevicePair::generate(scheme).map_err(Error::Other)?;
	let bad = |e| Error::Other(format!("the new phrase: {e:?}"));
	let secret = match scheme {
		DeviceScheme::Ed25519 => keystore::Secret::Ed25519(Box::new(
			sp_core::ed25519::Pair::from_phrase(&phrase, None).map_err(bad)?.0,
		)),
		DeviceScheme::Sr25519 => keystore::Secret::Sr25519(Box::new(
			sp_core::sr25519::Pair::from_phrase(&phrase, None).map_err(bad)?.0,
		)),
	};
	let mut public = [0u8; 32];
	public.copy_from_slice(pair.key().as_bytes());
	let file = super::save_new_key(args, secret, public)?;
	let key = keys::format_device_key(&pair.key());
	let uri_secret = match scheme {
		DeviceScheme::Ed25519 => phrase.clone(),
		DeviceScheme::Sr25519 => format!("sr25519:{phrase}"),
	};
	let mut text =
		format!("new device key ({scheme})\n  device key:    {key}", scheme = scheme.name());
	if let Some(file) = &file {
		text.push_str(&format!("\n  key file:      {file}\nsign as the device with --key @{file}"));
	}
	if args.show_secret {
		text.push_str(&format!(
			"\n  secret phrase: {phrase}\nkeep the phrase secret; as a secret URI it is \
			 --key \"{uri_secret}\""
		));
	}
	let mut json = json!({
		"scheme": scheme.name(),
		"deviceKey": key,
		"publicKey": keys::to_hex(pair.key().as_bytes()),
	});
	if let Some(file) = file {
		json["keyFile"] = json!(file);
	}
	if args.show_secret {
		json["secretPhrase"] = json!(phrase);
		json["secret"] = json!(uri_secret);
	}
	Ok(Output { text, json })
}

/// `Registry.onboard_device` signed by the owner; prints the new device id.
async fn onboard(context: &Context, args: OnboardArgs) -> Result<Output> {
	let key = keys::parse_device_key(&args.key).map_err(Error::Usage)?;
	let attestation = keys::parse_signature(&args.attestation).map_err(Error::Usage)?;
	let attributes = attributes(&args)?;
	let call = api::transactions().registry().onboard_device(
		device_key(&key),
		attributes,
		args.maker,
		args.valid_until,
		DeviceSignature::Sr25519(attestation),
	);
	let receipt = context.chain().await?.submit(&call, &context.signer()?).await?;
	let device = receipt.number("Registry", "DeviceOnboarded", "device");
	let extra = device.map(|id| format!("device id: {id}")).unwrap_or_default();
	Ok(receipt_output(&receipt, &extra, json!({ "device": device })))
}

/// The class attributes from the options.
fn attributes(args: &OnboardArgs) -> Result<DeviceAttributes> {
	Ok(match args.class {
		DeviceClass::Hotspot => DeviceAttributes::Hotspot(HotspotAttributes {
			gain_dbi_x10: args.gain,
			elevation_m: args.elevation,
		}),
		DeviceClass::Gpu => DeviceAttributes::Gpu(GpuAttributes {
			vendor: bytes(&args.vendor),
			model: bytes(&args.model),
			vram_gib: args.vram,
			count: args.count,
			interface: match args.interface.to_lowercase().as_str() {
				"pcie" => GpuInterface::Pcie,
				"sxm" => GpuInterface::Sxm,
				"oam" => GpuInterface::Oam,
				"other" => GpuInterface::Other,
				other => {
					return Err(Error::Usage(format!(
						"--interface {other:?}: expected pcie, sxm, oam or other"
					)))
				}
			},
		}),
		DeviceClass::Storage => {
			DeviceAttributes::Storage(StorageAttributes { capacity_gib: args.capacity })
		}
		DeviceClass::Sensor => {
			DeviceAttributes::Sensor(SensorAttributes { kind: bytes(&args.kind) })
		}
	})
}

/// Runs a maker command. It only signs; it reads the genesis hash and the best block from the
/// node when they are not given.
pub async fn run_maker(context: &Context, command: MakerCommand) -> Result<Output> {
	let MakerCommand::Attest { device, owner, class, maker: maker_id, valid_until, genesis } =
		command;
	let maker = context.signer()?;
	let key = keys::parse_device_key(&device).map_err(Error::Usage)?;
	let owner = keys::parse_account(&owner).map_err(Error::Usage)?;
	let genesis = match genesis {
		Some(hex) => keys::parse_hash(&hex).map_err(|e| Error::Usage(format!("--genesis: {e}")))?,
		None => context.chain().await?.genesis_hash().await?,
	};
	let valid_until = match valid_until {
		Some(block) => block,
		None => payloads::attestation_deadline(context.chain().await?.best_number().await?),
	};
	let payload = payloads::onboarding(&genesis, maker_id, &key, &owner.0, class, valid_until);
	let signature = keys::to_hex(maker.sign(&payload).0);
	let text = format!(
		"attestation by maker {maker_id} (key {}) for device {} owned by {owner} as {class:?}, \
		 valid until block {valid_until}:\n{signature}",
		keys::to_hex(maker.public_key().0),
		keys::format_device_key(&key),
	);
	let json = json!({
		"attestation": signature,
		"maker": maker_id,
		"makerKey": keys::to_hex(maker.public_key().0),
		"device": keys::format_device_key(&key),
		"owner": owner.to_string(),
		"class": format!("{class:?}").to_lowercase(),
		"validUntil": valid_until,
		"genesis": keys::to_hex(genesis),
	});
	Ok(Output { text, json })
}

/// The H3 cell at `resolution` holding the point `lat`, `lng` (degrees).
pub fn cell_at(lat: f64, lng: f64, resolution: u8) -> Result<u64> {
	if !(-90.0..=90.0).contains(&lat) {
		return Err(Error::Usage(format!("--lat {lat} is not a latitude (-90 to 90 degrees)")));
	}
	if !(-180.0..=180.0).contains(&lng) {
		return Err(Error::Usage(format!("--lng {lng} is not a longitude (-180 to 180 degrees)")));
	}
	let point = h3o::LatLng::new(lat, lng)
		.map_err(|error| Error::Usage(format!("--lat {lat} --lng {lng}: {error}")))?;
	let resolution = h3o::Resolution::try_from(resolution)
		.map_err(|error| Error::Usage(format!("--resolution {resolution}: {error}")))?;
	Ok(u64::from(point.to_cell(resolution)))
}

/// An H3 cell index as `0x` and hex digits (or a decimal number).
pub fn parse_cell(text: &str) -> Result<u64> {
	let parsed = match text.strip_prefix("0x") {
		Some(hex) => u64::from_str_radix(hex, 16),
		None => text.parse(),
	};
	parsed
		.map_err(|_| Error::Usage(format!("{text:?} is not an H3 cell index (0x and hex digits)")))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_latitude_and_longitude_find_the_cell_holding_them() {
		// Times Square at resolution 12, as h3-js and h3o both give it.
		let cell = cell_at(40.758, -73.9855, 12).expect("a point");
		let expected =
			h3o::LatLng::new(40.758, -73.9855).expect("a point").to_cell(h3o::Resolution::Twelve);
		assert_eq!(cell, u64::from(expected));
		assert_eq!((cell >> 52) & 0xf, 12, "the resolution asked for");
		assert_eq!((cell_at(40.758, -73.9855, 8).expect("a point") >> 52) & 0xf, 8);
	}

	#[test]
	fn points_off_the_globe_are_refused_with_the_bound_broken() {
		let refused = |lat, lng| match cell_at(lat, lng, 12) {
			Err(Error::Usage(message)) => message,
			other => panic!("{lat},{lng} was not refused: {other:?}"),
		};
		assert!(refused(91.0, 0.0).contains("-90 to 90"));
		assert!(refused(0.0, -180.5).contains("-180 to 180"));
		assert!(refused(f64::NAN, 0.0).contains("latitude"));
	}
}
