//! The referendum tracks: which origin a referendum may dispatch with, and how long and how
//! decisively it must be supported first.
//!
//! | id | track                | origin                         | decision deposit | max deciding |
//! |----|----------------------|--------------------------------|------------------|--------------|
//! | 0  | `root`               | `Root`: runtime upgrades, all  | 1,000 DPN        | 1            |
//! | 1  | `whitelisted_caller` | `WhitelistedCaller`            | 100 DPN          | 10           |
//! | 10 | `depin_parameters`   | `DepinParameters`              | 200 DPN          | 10           |
//! | 11 | `validator_admin`    | `ValidatorAdmin`               | 200 DPN          | 10           |
//! | 20 | `treasurer`          | `Treasurer`                    | 500 DPN          | 10           |
//!
//! Periods on the testnet (6-second blocks):
//!
//! | track                | prepare | decision | confirm | min. enactment |
//! |----------------------|---------|----------|---------|----------------|
//! | `root`               | 2 h     | 7 days   | 1 day   | 1 day          |
//! | `whitelisted_caller` | 10 min  | 7 days   | 10 min  | 10 min         |
//! | `depin_parameters`   | 1 h     | 7 days   | 3 h     | 1 h            |
//! | `validator_admin`    | 1 h     | 7 days   | 3 h     | 1 h            |
//! | `treasurer`          | 2 h     | 7 days   | 1 day   | 1 day          |
//!
//! The curves are Polkadot's, as fractions of the decision period: `root` and `treasurer` need
//! 80% approval falling to 50% and support falling linearly from 50% to 0; `whitelisted_caller`
//! needs near-unanimous approval but little support (the committee has vetted the call);
//! `depin_parameters` is Polkadot's general-admin curve and `validator_admin` its staking-admin
//! curve.
//!
//! ## Development chains
//!
//! Track periods are compile-time constants of the runtime, but end-to-end tests cannot wait
//! days. The runtime therefore carries two tables, [`TESTNET_TRACKS`] and [`DEV_TRACKS`], equal
//! in everything (ids, names, deposits, curves) but their periods: the development table's are a
//! few blocks (see [`dev`]). Which one a chain runs is fixed at genesis by the origins pallet's
//! [`DevPeriods`](super::origins::DevPeriods) flag: the `development` and `local_testnet` presets
//! set it, the `testnet` preset does not, and no call changes it. One runtime binary thus serves
//! every chain, and the testnet's periods stay the ones in this file. Reading the flag costs one
//! storage read (cached within a block) whenever the referenda pallet looks a track up.

use super::origins::{DevPeriods, Origin};
use crate::{
	constants::{
		currency::DPN,
		time::{DAYS, HOURS, MINUTES},
	},
	Balance, BlockNumber, OriginCaller, Runtime,
};
use alloc::borrow::Cow;
use pallet_referenda::{Curve, Track, TrackInfo};
use sp_runtime::{str_array as s, FixedI64};

/// The track id of a referendum.
pub type TrackId = u16;

/// A track of this runtime.
type DepinTrack = Track<TrackId, Balance, BlockNumber>;

/// The `root` track's id.
pub const ROOT: TrackId = 0;
/// The `whitelisted_caller` track's id.
pub const WHITELISTED_CALLER: TrackId = 1;
/// The `depin_parameters` track's id.
pub const DEPIN_PARAMETERS: TrackId = 10;
/// The `validator_admin` track's id.
pub const VALIDATOR_ADMIN: TrackId = 11;
/// The `treasurer` track's id.
pub const TREASURER: TrackId = 20;

const fn percent(x: u128) -> FixedI64 {
	FixedI64::from_rational(x, 100)
}

const APP_ROOT: Curve = Curve::make_reciprocal(4, 28, percent(80), percent(50), percent(100));
const SUP_ROOT: Curve = Curve::make_linear(28, 28, percent(0), percent(50));
const APP_WHITELISTED_CALLER: Curve =
	Curve::make_reciprocal(16, 28 * 24, percent(96), percent(50), percent(100));
const SUP_WHITELISTED_CALLER: Curve =
	Curve::make_reciprocal(1, 28, percent(20), percent(5), percent(50));
const APP_DEPIN_PARAMETERS: Curve =
	Curve::make_reciprocal(4, 28, percent(80), percent(50), percent(100));
const SUP_DEPIN_PARAMETERS: Curve =
	Curve::make_reciprocal(7, 28, percent(10), percent(0), percent(50));
const APP_VALIDATOR_ADMIN: Curve = Curve::make_linear(17, 28, percent(50), percent(100));
const SUP_VALIDATOR_ADMIN: Curve =
	Curve::make_reciprocal(12, 28, percent(1), percent(0), percent(50));
const APP_TREASURER: Curve = Curve::make_reciprocal(4, 28, percent(80), percent(50), percent(100));
const SUP_TREASURER: Curve = Curve::make_linear(28, 28, percent(0), percent(50));

/// Runtime upgrades (`system.authorize_upgrade`) and anything else only root may do.
const ROOT_TRACK: DepinTrack = Track {
	id: ROOT,
	info: TrackInfo {
		name: s("root"),
		max_deciding: 1,
		decision_deposit: 1_000 * DPN,
		prepare_period: 2 * HOURS,
		decision_period: 7 * DAYS,
		confirm_period: DAYS,
		min_enactment_period: DAYS,
		min_approval: APP_ROOT,
		min_support: SUP_ROOT,
	},
};

/// Calls the technical committee whitelisted, dispatched as root: the fast track.
const WHITELISTED_CALLER_TRACK: DepinTrack = Track {
	id: WHITELISTED_CALLER,
	info: TrackInfo {
		name: s("whitelisted_caller"),
		max_deciding: 10,
		decision_deposit: 100 * DPN,
		prepare_period: 10 * MINUTES,
		decision_period: 7 * DAYS,
		confirm_period: 10 * MINUTES,
		min_enactment_period: 10 * MINUTES,
		min_approval: APP_WHITELISTED_CALLER,
		min_support: SUP_WHITELISTED_CALLER,
	},
};

/// Parameters of the registry, coverage, leases and BME pallets.
const DEPIN_PARAMETERS_TRACK: DepinTrack = Track {
	id: DEPIN_PARAMETERS,
	info: TrackInfo {
		name: s("depin_parameters"),
		max_deciding: 10,
		decision_deposit: 200 * DPN,
		prepare_period: HOURS,
		decision_period: 7 * DAYS,
		confirm_period: 3 * HOURS,
		min_enactment_period: HOURS,
		min_approval: APP_DEPIN_PARAMETERS,
		min_support: SUP_DEPIN_PARAMETERS,
	},
};

/// The validator set: invulnerables, candidacy bond, desired candidates.
const VALIDATOR_ADMIN_TRACK: DepinTrack = Track {
	id: VALIDATOR_ADMIN,
	info: TrackInfo {
		name: s("validator_admin"),
		max_deciding: 10,
		decision_deposit: 200 * DPN,
		prepare_period: HOURS,
		decision_period: 7 * DAYS,
		confirm_period: 3 * HOURS,
		min_enactment_period: HOURS,
		min_approval: APP_VALIDATOR_ADMIN,
		min_support: SUP_VALIDATOR_ADMIN,
	},
};

/// Treasury spends.
const TREASURER_TRACK: DepinTrack = Track {
	id: TREASURER,
	info: TrackInfo {
		name: s("treasurer"),
		max_deciding: 10,
		decision_deposit: 500 * DPN,
		prepare_period: 2 * HOURS,
		decision_period: 7 * DAYS,
		confirm_period: DAYS,
		min_enactment_period: DAYS,
		min_approval: APP_TREASURER,
		min_support: SUP_TREASURER,
	},
};

/// The development chains' version of a track: prepare, confirm and enact after `blocks`
/// blocks each, decide within 50 blocks (5 minutes). Everything else is the testnet's.
pub const fn dev(track: DepinTrack, blocks: BlockNumber) -> DepinTrack {
	Track {
		id: track.id,
		info: TrackInfo {
			prepare_period: blocks,
			decision_period: 5 * MINUTES,
			confirm_period: blocks,
			min_enactment_period: blocks,
			..track.info
		},
	}
}

/// The testnet's tracks, sorted by id.
pub static TESTNET_TRACKS: [DepinTrack; 5] = [
	ROOT_TRACK,
	WHITELISTED_CALLER_TRACK,
	DEPIN_PARAMETERS_TRACK,
	VALIDATOR_ADMIN_TRACK,
	TREASURER_TRACK,
];

/// The development chains' tracks: [`TESTNET_TRACKS`] with [`dev`] periods, in the same
/// order as the testnet's: root and treasurer 4 blocks, parameters and validators 2, the
/// whitelisted fast track 1.
pub static DEV_TRACKS: [DepinTrack; 5] = [
	dev(ROOT_TRACK, 4),
	dev(WHITELISTED_CALLER_TRACK, 1),
	dev(DEPIN_PARAMETERS_TRACK, 2),
	dev(VALIDATOR_ADMIN_TRACK, 2),
	dev(TREASURER_TRACK, 4),
];

/// The referenda pallet's track table: the testnet's or, on chains launched with the
/// origins pallet's `dev_periods`, the development one.
pub struct TracksInfo;
impl pallet_referenda::TracksInfo<Balance, BlockNumber> for TracksInfo {
	type Id = TrackId;
	type RuntimeOrigin = OriginCaller;

	fn tracks() -> impl Iterator<Item = Cow<'static, DepinTrack>> {
		let table: &'static [DepinTrack] =
			if DevPeriods::<Runtime>::get() { &DEV_TRACKS } else { &TESTNET_TRACKS };
		table.iter().map(Cow::Borrowed)
	}

	fn track_for(origin: &Self::RuntimeOrigin) -> Result<Self::Id, ()> {
		match origin {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(ROOT),
			OriginCaller::Origins(Origin::WhitelistedCaller) => Ok(WHITELISTED_CALLER),
			OriginCaller::Origins(Origin::DepinParameters) => Ok(DEPIN_PARAMETERS),
			OriginCaller::Origins(Origin::ValidatorAdmin) => Ok(VALIDATOR_ADMIN),
			OriginCaller::Origins(Origin::Treasurer) => Ok(TREASURER),
			_ => Err(()),
		}
	}
}
