//! A lease's access details sealed to its tenant (`Leases.set_access`): the provider's service
//! writes where and how the tenant reaches the machine (an endpoint, a manifest hash), readable
//! only by the tenant's account key, though it is stored on a public chain.
//!
//! The seal is ECIES on the tenant's sr25519 key (a Ristretto255 point): an ephemeral scalar
//! `r`, its point `R = r·B`, the shared point `r·T` with the tenant's point `T`; the key is
//! `blake2_256` of the domain `depin/lease-access`, the chain's genesis hash, the lease id, `R`,
//! `T` and the shared point, so a seal made for one lease or chain never opens as another's; the
//! details are encrypted with XSalsa20-Poly1305 under a random nonce. The tenant computes the
//! same shared point as `t·R` with its secret scalar `t`.
//!
//! Layout: version (1) ‖ `R` (32) ‖ nonce (24) ‖ ciphertext with its 16-byte tag; at most
//! [`MAX_DETAILS`] bytes of details fit the chain's 512.

use crypto_secretbox::{
	aead::{Aead, KeyInit},
	Key, Nonce, XSalsa20Poly1305,
};
use curve25519_dalek::{
	constants::RISTRETTO_BASEPOINT_POINT,
	ristretto::{CompressedRistretto, RistrettoPoint},
	scalar::Scalar,
};

/// The seal's format version.
pub const VERSION: u8 = 1;
/// What the chain holds at most (`pallet_leases::MAX_ACCESS_LEN`).
pub const MAX_SEALED: usize = 512;
/// The most bytes of details a seal carries.
pub const MAX_DETAILS: usize = MAX_SEALED - 1 - 32 - 24 - 16;

/// The symmetric key of a seal.
fn key_of(
	genesis: &[u8; 32],
	lease: u64,
	ephemeral: &CompressedRistretto,
	tenant: &[u8; 32],
	shared: &RistrettoPoint,
) -> [u8; 32] {
	let mut input = Vec::with_capacity(18 + 32 + 8 + 96);
	input.extend_from_slice(b"depin/lease-access");
	input.extend_from_slice(genesis);
	input.extend_from_slice(&lease.to_le_bytes());
	input.extend_from_slice(ephemeral.as_bytes());
	input.extend_from_slice(tenant);
	input.extend_from_slice(shared.compress().as_bytes());
	sp_crypto_hashing::blake2_256(&input)
}

/// Random bytes from the operating system.
fn random<const N: usize>() -> Result<[u8; N], String> {
	let mut bytes = [0u8; N];
	getrandom::getrandom(&mut bytes).map_err(|error| format!("no randomness: {error}"))?;
	Ok(bytes)
}

/// Seals `details` of lease `lease` on the chain `genesis` to the tenant's sr25519 public key.
pub fn seal(
	genesis: &[u8; 32],
	lease: u64,
	tenant: &[u8; 32],
	details: &[u8],
) -> Result<Vec<u8>, String> {
	if details.is_empty() || details.len() > MAX_DETAILS {
		return Err(format!("access details must be 1 to {MAX_DETAILS} bytes"));
	}
	let point = CompressedRistretto(*tenant)
		.decompress()
		.ok_or("the tenant's key is not an sr25519 public key")?;
	let ephemeral = Scalar::from_bytes_mod_order_wide(&random::<64>()?);
	let public = (RISTRETTO_BASEPOINT_POINT * ephemeral).compress();
	let key = key_of(genesis, lease, &public, tenant, &(point * ephemeral));
	let nonce = random::<24>()?;
	let cipher = XSalsa20Poly1305::new(Key::from_slice(&key));
	let sealed = cipher
		.encrypt(Nonce::from_slice(&nonce), details)
		.map_err(|_| "the details could not be encrypted".to_owned())?;
	let mut out = Vec::with_capacity(1 + 32 + 24 + sealed.len());
	out.push(VERSION);
	out.extend_from_slice(public.as_bytes());
	out.extend_from_slice(&nonce);
	out.extend_from_slice(&sealed);
	Ok(out)
}

/// Opens `sealed` details of lease `lease` on the chain `genesis` with the tenant's secret key.
pub fn open(
	genesis: &[u8; 32],
	lease: u64,
	tenant: &schnorrkel::SecretKey,
	sealed: &[u8],
) -> Result<Vec<u8>, String> {
	let [version, rest @ ..] = sealed else { return Err("empty access details".into()) };
	if *version != VERSION {
		return Err(format!("access details of format {version}, this client reads {VERSION}"));
	}
	if rest.len() < 32 + 24 + 16 {
		return Err("access details too short to be sealed".into());
	}
	let (ephemeral, rest) = rest.split_at(32);
	let (nonce, ciphertext) = rest.split_at(24);
	let ephemeral = CompressedRistretto::from_slice(ephemeral).map_err(|e| e.to_string())?;
	let point = ephemeral.decompress().ok_or("the seal's ephemeral key is not a point")?;
	let bytes = tenant.to_bytes();
	let mut scalar = [0u8; 32];
	scalar.copy_from_slice(&bytes[..32]);
	let secret = Option::<Scalar>::from(Scalar::from_canonical_bytes(scalar))
		.ok_or("the tenant's secret key is not a scalar")?;
	let public = tenant.to_public().to_bytes();
	let key = key_of(genesis, lease, &ephemeral, &public, &(point * secret));
	let cipher = XSalsa20Poly1305::new(Key::from_slice(&key));
	cipher.decrypt(Nonce::from_slice(nonce), ciphertext).map_err(|_| {
		"the access details do not open with this key: sealed to another account, or for \
		 another lease or chain"
			.to_owned()
	})
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::Pair as _;

	fn secret(suri: &str) -> schnorrkel::SecretKey {
		let pair = sp_core::sr25519::Pair::from_string(suri, None).expect("a secret URI");
		schnorrkel::SecretKey::from_bytes(&pair.to_raw_vec()).expect("a secret key")
	}

	#[test]
	fn only_the_tenant_opens_the_details_of_its_lease() {
		let (genesis, tenant) = ([1u8; 32], secret("//Dave"));
		// The public key the chain knows the tenant by: its account.
		let public = crate::keys::account(&crate::keys::pair("//Dave").expect("a key")).0;
		assert_eq!(public, tenant.to_public().to_bytes());
		let sealed = seal(&genesis, 7, &public, b"ssh://gpu-21.example.net:22").expect("sealed");
		assert!(sealed.len() <= MAX_SEALED);
		assert_eq!(
			open(&genesis, 7, &tenant, &sealed).as_deref(),
			Ok(&b"ssh://gpu-21.example.net:22"[..])
		);
		// Another account, another lease or another chain cannot open it.
		assert!(open(&genesis, 7, &secret("//Charlie"), &sealed).is_err());
		assert!(open(&genesis, 8, &tenant, &sealed).is_err());
		assert!(open(&[2u8; 32], 7, &tenant, &sealed).is_err());
		// A flipped byte breaks the tag.
		let mut tampered = sealed.clone();
		*tampered.last_mut().expect("bytes") ^= 1;
		assert!(open(&genesis, 7, &tenant, &tampered).is_err());
		// Two seals of the same details differ (fresh ephemeral key and nonce).
		assert_ne!(
			sealed,
			seal(&genesis, 7, &public, b"ssh://gpu-21.example.net:22").expect("sealed")
		);
	}

	#[test]
	fn details_must_fit_the_chains_bound() {
		let public = crate::keys::account(&crate::keys::pair("//Dave").expect("a key")).0;
		let longest = vec![b'a'; MAX_DETAILS];
		assert_eq!(seal(&[0; 32], 1, &public, &longest).expect("fits").len(), MAX_SEALED);
		assert!(seal(&[0; 32], 1, &public, &[b'a'; MAX_DETAILS + 1]).is_err());
		assert!(seal(&[0; 32], 1, &public, b"").is_err());
	}
}
