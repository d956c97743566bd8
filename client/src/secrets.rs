//! Where the client's secrets come from: a key file, standard input or a prompt, and the
//! command line only for development.
//!
//! Every secret argument (`--suri` or `DEPIN_SURI`, a device's `--key`, a witness's
//! `ID=SECRET`, `--maker-key`) takes, after an optional device scheme prefix (`sr25519:`):
//!
//! - `@PATH`: a file. A polkadot.js key file (JSON, [`crate::keystore`]) is opened with the
//!   password from the file `DEPIN_PASSWORD_FILE` names, else `DEPIN_PASSWORD`, else a prompt;
//!   any other file holds the secret URI itself, on its first line.
//! - `-`: the secret URI on standard input, its first line (one secret per run).
//! - `prompt`: asked for on the terminal, not echoed.
//! - anything else is the secret URI itself. On the command line, other users of the machine can
//!   read it (`ps`, `/proc/<pid>/cmdline`): it still works, for development, with a warning on
//!   standard error; not for the development paths (`//Alice`, `//Hotspot1`), which are no
//!   secret, nor for `DEPIN_SURI`'s value, which is not on the command line.

use std::{
	io::{BufRead, Write},
	path::Path,
	sync::atomic::{AtomicBool, Ordering},
};

use crate::{
	keys::{self, DevicePair, DeviceScheme},
	keystore::{self, KeyPair},
};
use subxt_signer::sr25519::Keypair;

/// A secret as given: a secret URI, or a key pair opened from a key file.
pub enum Secret {
	/// A secret URI (a phrase, a `0x` seed, a derivation path).
	Uri(String),
	/// A key file's key pair.
	Pair(KeyPair),
}

static STDIN_USED: AtomicBool = AtomicBool::new(false);

/// Whether `uri` is a development path (`//Alice`, `//Hotspot1//stash`): a derivation from the
/// well-known development phrase, which is no secret.
pub fn is_development_uri(uri: &str) -> bool {
	uri.starts_with('/')
}

/// The secret `value` gives (see the module's documentation); `what` names it in messages and
/// prompts ("--suri", "device 7's key").
pub fn resolve(value: &str, what: &str) -> Result<Secret, String> {
	if let Some(path) = value.strip_prefix('@') {
		return from_file(Path::new(path), what);
	}
	match value {
		"-" => {
			if STDIN_USED.swap(true, Ordering::SeqCst) {
				return Err(format!("{what}: only one secret can come from standard input"));
			}
			let mut line = String::new();
			std::io::stdin()
				.lock()
				.read_line(&mut line)
				.map_err(|e| format!("{what}: cannot read standard input: {e}"))?;
			non_empty(line.trim(), what, "standard input").map(Secret::Uri)
		}
		"prompt" => {
			let answer = rpassword::prompt_password(format!("{what} (secret URI): "))
				.map_err(|e| format!("{what}: cannot prompt for it ({e}); use @FILE or -"))?;
			non_empty(answer.trim(), what, "the prompt").map(Secret::Uri)
		}
		uri => {
			let from_env = std::env::var("DEPIN_SURI").is_ok_and(|env| env == uri);
			if !from_env && !is_development_uri(uri) {
				let _ = writeln!(
					std::io::stderr(),
					"warning: {what} was given on the command line, where other users of this \
					 machine can read it; pass @FILE (a key file or a file holding the secret), - \
					 (standard input) or prompt instead"
				);
			}
			Ok(Secret::Uri(uri.to_owned()))
		}
	}
}

fn non_empty(text: &str, what: &str, source: &str) -> Result<String, String> {
	if text.is_empty() {
		return Err(format!("{what}: {source} gave an empty secret"));
	}
	Ok(text.to_owned())
}

fn from_file(path: &Path, what: &str) -> Result<Secret, String> {
	let text = std::fs::read_to_string(path)
		.map_err(|e| format!("{what}: cannot read {}: {e}", path.display()))?;
	if text.trim_start().starts_with('{') {
		let file: serde_json::Value = serde_json::from_str(&text)
			.map_err(|e| format!("{what}: {} is not a key file: {e}", path.display()))?;
		let password = password(&format!("password of {}", path.display()))?;
		let pair = keystore::decrypt(&file, &password)
			.map_err(|e| format!("{what}: {}: {e}", path.display()))?;
		return Ok(Secret::Pair(pair));
	}
	let line = text.lines().next().unwrap_or_default().trim();
	non_empty(line, what, &path.display().to_string()).map(Secret::Uri)
}

/// The password of a key file: the file `DEPIN_PASSWORD_FILE` names, else `DEPIN_PASSWORD`, else
/// a prompt.
pub fn password(prompt: &str) -> Result<String, String> {
	if let Ok(file) = std::env::var("DEPIN_PASSWORD_FILE") {
		let text = std::fs::read_to_string(&file)
			.map_err(|e| format!("DEPIN_PASSWORD_FILE {file}: {e}"))?;
		return Ok(text.lines().next().unwrap_or_default().to_owned());
	}
	if let Ok(password) = std::env::var("DEPIN_PASSWORD") {
		return Ok(password);
	}
	rpassword::prompt_password(format!("{prompt}: ")).map_err(|e| {
		format!("cannot prompt for the {prompt} ({e}); set DEPIN_PASSWORD_FILE or DEPIN_PASSWORD")
	})
}

/// A new key file's password: as [`password`], but a prompt asks twice, and it is not empty.
pub fn new_password(prompt: &str) -> Result<String, String> {
	let from_env =
		std::env::var("DEPIN_PASSWORD_FILE").is_ok() || std::env::var("DEPIN_PASSWORD").is_ok();
	let first = password(prompt)?;
	if !from_env {
		let again = password(&format!("{prompt} (again)"))?;
		if again != first {
			return Err("the two passwords differ; nothing was written".into());
		}
	}
	if first.is_empty() {
		return Err("an empty password protects nothing; nothing was written".into());
	}
	Ok(first)
}

/// Writes a new key file readable by its owner only (0600); refuses to replace a file.
pub fn write_key_file(path: &Path, contents: &serde_json::Value) -> Result<(), String> {
	let mut options = std::fs::OpenOptions::new();
	options.write(true).create_new(true);
	#[cfg(unix)]
	std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
	let mut file = options.open(path).map_err(|e| match e.kind() {
		std::io::ErrorKind::AlreadyExists => {
			format!("{} exists; choose another path (nothing was written)", path.display())
		}
		_ => format!("cannot create {}: {e}", path.display()),
	})?;
	let text = serde_json::to_string_pretty(contents).map_err(|e| e.to_string())?;
	file.write_all(text.as_bytes())
		.and_then(|()| file.write_all(b"\n"))
		.map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// An account's (sr25519) key pair from a secret argument.
pub fn account_pair(value: &str, what: &str) -> Result<Keypair, String> {
	match resolve(value, what)? {
		Secret::Uri(uri) => keys::pair(&uri),
		Secret::Pair(KeyPair::Sr25519(pair)) => Ok(*pair),
		Secret::Pair(KeyPair::Ed25519(_)) => {
			Err(format!("{what}: the key file holds an ed25519 key; accounts are sr25519"))
		}
	}
}

/// The sr25519 secret key of an account's secret argument, for what a signing pair cannot do
/// (opening sealed access details). From a secret URI or phrase (`@FILE` holding one, `-`,
/// `prompt`); a polkadot.js key file is refused with what to pass instead.
pub fn account_secret(value: &str, what: &str) -> Result<schnorrkel::SecretKey, String> {
	use sp_core::Pair as _;
	match resolve(value, what)? {
		Secret::Uri(uri) => {
			let pair = sp_core::sr25519::Pair::from_string(&uri, None)
				.map_err(|e| format!("{what}: not a usable secret URI: {e:?}"))?;
			schnorrkel::SecretKey::from_bytes(&pair.to_raw_vec())
				.map_err(|e| format!("{what}: an invalid sr25519 secret key: {e}"))
		}
		Secret::Pair(_) => Err(format!(
			"{what}: a key file cannot open sealed details here; pass the account's secret URI or \
			 phrase (@FILE holding it, - or prompt)"
		)),
	}
}

/// A device key pair from a secret argument with its optional scheme prefix: the secret's
/// scheme and the secret. A key file's pair keeps its own scheme.
pub fn device_secret(text: &str, what: &str) -> Result<(DeviceScheme, Secret), String> {
	let (scheme, rest) = DeviceScheme::split(text);
	match resolve(rest, what)? {
		Secret::Pair(pair) => Ok((pair.device_scheme(), Secret::Pair(pair))),
		// A file or standard input may carry the prefix with the secret: `sr25519:<uri>`.
		Secret::Uri(uri) => match DeviceScheme::split(&uri) {
			(inner, bare) if bare.len() != uri.len() => Ok((inner, Secret::Uri(bare.to_owned()))),
			_ => Ok((scheme, Secret::Uri(uri))),
		},
	}
}

/// A device key pair from a secret argument (see [`device_secret`]).
pub fn device_pair(text: &str, what: &str) -> Result<DevicePair, String> {
	match device_secret(text, what)? {
		(scheme, Secret::Uri(uri)) => DevicePair::of_scheme(scheme, &uri),
		(_, Secret::Pair(pair)) => Ok(pair.into_device()),
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::Pair as _;

	#[test]
	fn a_device_key_file_may_name_its_scheme_in_front_of_the_secret() {
		let dir = tempfile::tempdir().expect("a folder");
		let path = dir.path().join("hotspot.key");
		std::fs::write(&path, "sr25519://FileHotspot\n").expect("written");
		let file = format!("@{}", path.display());
		let pair = device_pair(&file, "the key").expect("reads");
		assert_eq!(pair.scheme(), DeviceScheme::Sr25519);
		let same = DevicePair::from_suri("sr25519://FileHotspot").expect("a key");
		assert_eq!(pair.key(), same.key());
		std::fs::write(&path, "//FileHotspot\n").expect("written");
		assert_eq!(device_pair(&file, "the key").expect("reads").scheme(), DeviceScheme::Ed25519);
	}

	#[test]
	fn development_paths_are_no_secret_but_phrases_and_seeds_are() {
		assert!(is_development_uri("//Alice"));
		assert!(is_development_uri("//Hotspot1//stash"));
		assert!(!is_development_uri(
			"bottom drive obey lake curtain smoke basket hold race lonely fit walk"
		));
		assert!(!is_development_uri(
			"0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
		));
	}

	#[test]
	fn a_file_holding_a_secret_uri_gives_that_uri() {
		let dir = tempfile::tempdir().expect("a temporary directory");
		let path = dir.path().join("secret");
		std::fs::write(&path, "//FileSecret\nignored\n").expect("written");
		let pair = account_pair(&format!("@{}", path.display()), "--suri").expect("a key");
		assert_eq!(pair.public_key().0, keys::pair("//FileSecret").expect("key").public_key().0);
		let Err(missing) = account_pair("@/nonexistent/secret", "--suri") else {
			panic!("a missing file is refused")
		};
		assert!(missing.contains("cannot read /nonexistent/secret"), "{missing}");
		std::fs::write(&path, "\n").expect("written");
		assert!(account_pair(&format!("@{}", path.display()), "--suri").is_err());
	}

	#[test]
	fn a_key_file_is_written_owner_only_and_never_over_another() {
		let dir = tempfile::tempdir().expect("a temporary directory");
		let path = dir.path().join("key.json");
		let secret =
			keystore::Secret::Ed25519(Box::new(sp_core::ed25519::Pair::from_seed(&[1; 32])));
		let file = keystore::encrypt(&secret, "pw", "t").expect("encrypted");
		write_key_file(&path, &file).expect("written");
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			let mode = std::fs::metadata(&path).expect("metadata").permissions().mode();
			assert_eq!(mode & 0o777, 0o600);
		}
		let again = write_key_file(&path, &file).expect_err("refused");
		assert!(again.contains("exists"), "{again}");
		let on_disk: serde_json::Value =
			serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
		assert_eq!(on_disk, file, "the first file is untouched");
	}
}
