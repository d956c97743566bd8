//! What the registry's methods return, as JSON: fields in alphabetical order (the order the
//! `depin_*` JSON has always had), amounts as decimal strings, accounts as SS58.

use std::fmt::Display;

use depin_primitives::{
	CreditBalance, DeviceAttributes, DeviceClass, DeviceId, DeviceInfo, DeviceStatus, GpuInterface,
	MakerId, MakerInfo, MakerStatus, RegistryParameters, SuspendReason,
};
use depin_primitives_rpc::{
	format::lossy,
	views::{CellView, KeyView},
};
use serde::Serialize;
use sp_core::crypto::Ss58Codec;

/// A registered device with its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(serialize = "AccountId: Ss58Codec, Balance: Display, BlockNumber: Serialize"))]
pub struct DeviceView<AccountId, Balance, BlockNumber> {
	/// The class's attributes, `{"type": <class>, …}`.
	#[serde(serialize_with = "depin_primitives_rpc::format::sorted")]
	pub attributes: AttributesView,
	/// The device bond held, in plancks.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub bond: Balance,
	/// The device class.
	pub class: ClassView,
	/// The device id.
	pub id: DeviceId,
	/// The device's key.
	pub key: KeyView,
	/// The asserted location, if any.
	pub location: Option<CellView>,
	/// How many times a location was asserted.
	pub location_asserts: u32,
	/// The maker that attested it.
	pub maker: MakerId,
	/// The block it was onboarded in.
	pub onboarded_at: BlockNumber,
	/// The owner's account.
	#[serde(serialize_with = "depin_primitives_rpc::format::ss58")]
	pub owner: AccountId,
	/// `{"type": "active"}`, `{"reason": …, "type": "suspended"}` or `{"type": "retired"}`.
	#[serde(serialize_with = "depin_primitives_rpc::format::sorted")]
	pub status: StatusView,
	/// When a retired device's bond is released, if it is unbonding.
	pub unbonding_until: Option<BlockNumber>,
}

impl<AccountId, Balance, BlockNumber> DeviceView<AccountId, Balance, BlockNumber> {
	/// The device `id` as `info` records it.
	pub fn new(id: DeviceId, info: DeviceInfo<AccountId, Balance, BlockNumber>) -> Self {
		Self {
			class: info.class().into(),
			attributes: (&info.attributes).into(),
			bond: info.bond,
			id,
			key: (&info.key).into(),
			location: info.location.map(CellView::from),
			location_asserts: info.location_asserts,
			maker: info.maker,
			onboarded_at: info.onboarded_at,
			owner: info.owner,
			status: info.status.into(),
			unbonding_until: info.unbonding_until,
		}
	}
}

/// A device class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ClassView {
	/// A radio hotspot.
	Hotspot,
	/// A GPU machine.
	Gpu,
	/// A storage node.
	Storage,
	/// A sensor.
	Sensor,
}

impl From<DeviceClass> for ClassView {
	fn from(class: DeviceClass) -> Self {
		match class {
			DeviceClass::Hotspot => Self::Hotspot,
			DeviceClass::Gpu => Self::Gpu,
			DeviceClass::Storage => Self::Storage,
			DeviceClass::Sensor => Self::Sensor,
		}
	}
}

/// A device's attributes, tagged with its class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum AttributesView {
	/// A hotspot's antenna.
	Hotspot {
		/// Antenna gain in tenths of a dBi.
		gain_dbi_x10: u16,
		/// Elevation above ground, metres.
		elevation_m: i32,
	},
	/// A GPU machine.
	Gpu {
		/// The GPU vendor.
		vendor: String,
		/// The GPU model.
		model: String,
		/// Memory per GPU, GiB.
		vram_gib: u32,
		/// GPUs in the machine.
		count: u32,
		/// How the GPUs attach.
		interface: GpuInterfaceView,
	},
	/// A storage node.
	Storage {
		/// Capacity, GiB, as a decimal string.
		#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
		capacity_gib: u64,
	},
	/// A sensor.
	Sensor {
		/// What it senses.
		kind: String,
	},
}

impl From<&DeviceAttributes> for AttributesView {
	fn from(attributes: &DeviceAttributes) -> Self {
		match attributes {
			DeviceAttributes::Hotspot(hotspot) => Self::Hotspot {
				gain_dbi_x10: hotspot.gain_dbi_x10,
				elevation_m: hotspot.elevation_m,
			},
			DeviceAttributes::Gpu(gpu) => Self::Gpu {
				vendor: lossy(&gpu.vendor),
				model: lossy(&gpu.model),
				vram_gib: gpu.vram_gib,
				count: gpu.count,
				interface: gpu.interface.into(),
			},
			DeviceAttributes::Storage(storage) => {
				Self::Storage { capacity_gib: storage.capacity_gib }
			}
			DeviceAttributes::Sensor(sensor) => Self::Sensor { kind: lossy(&sensor.kind) },
		}
	}
}

/// How a machine's GPUs attach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum GpuInterfaceView {
	/// PCI Express.
	Pcie,
	/// NVIDIA SXM.
	Sxm,
	/// OCP accelerator module.
	Oam,
	/// Anything else.
	Other,
}

impl From<GpuInterface> for GpuInterfaceView {
	fn from(interface: GpuInterface) -> Self {
		match interface {
			GpuInterface::Pcie => Self::Pcie,
			GpuInterface::Sxm => Self::Sxm,
			GpuInterface::Oam => Self::Oam,
			GpuInterface::Other => Self::Other,
		}
	}
}

/// A device's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum StatusView {
	/// Serving and earning.
	Active,
	/// Suspended, and why.
	Suspended {
		/// Why it was suspended.
		reason: SuspendReasonView,
	},
	/// Retired by its owner.
	Retired,
}

impl From<DeviceStatus> for StatusView {
	fn from(status: DeviceStatus) -> Self {
		match status {
			DeviceStatus::Active => Self::Active,
			DeviceStatus::Suspended { reason } => Self::Suspended { reason: reason.into() },
			DeviceStatus::Retired => Self::Retired,
		}
	}
}

/// Why a device was suspended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SuspendReasonView {
	/// By governance.
	Governance,
	/// Its key or owner is denylisted.
	Denylist,
	/// Its bond was slashed.
	Slash,
	/// It breached a lease's service level.
	SlaBreach,
}

impl From<SuspendReason> for SuspendReasonView {
	fn from(reason: SuspendReason) -> Self {
		match reason {
			SuspendReason::Governance => Self::Governance,
			SuspendReason::Denylist => Self::Denylist,
			SuspendReason::Slash => Self::Slash,
			SuspendReason::SlaBreach => Self::SlaBreach,
		}
	}
}

/// A maker with its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(serialize = "AccountId: Ss58Codec, Balance: Display"))]
pub struct MakerView<AccountId, Balance> {
	/// The maker's account.
	#[serde(serialize_with = "depin_primitives_rpc::format::ss58")]
	pub account: AccountId,
	/// The key its attestations are signed with.
	pub attestation_key: KeyView,
	/// The maker bond held, in plancks.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub bond: Balance,
	/// Devices it attested that were onboarded.
	pub devices_onboarded: u32,
	/// The maker id.
	pub id: MakerId,
	/// Its name.
	pub name: String,
	/// `"approved"` or `"revoked"`.
	pub status: MakerStatusView,
}

impl<AccountId, Balance> MakerView<AccountId, Balance> {
	/// The maker `id` as `info` records it.
	pub fn new(id: MakerId, info: MakerInfo<AccountId, Balance>) -> Self {
		Self {
			account: info.account,
			attestation_key: (&info.attestation_key).into(),
			bond: info.bond,
			devices_onboarded: info.devices_onboarded,
			id,
			name: lossy(&info.name),
			status: info.status.into(),
		}
	}
}

/// A maker's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MakerStatusView {
	/// Its attestations onboard devices.
	Approved,
	/// Its attestations no longer do.
	Revoked,
}

impl From<MakerStatus> for MakerStatusView {
	fn from(status: MakerStatus) -> Self {
		match status {
			MakerStatus::Approved => Self::Approved,
			MakerStatus::Revoked => Self::Revoked,
		}
	}
}

/// The registry's parameters: fees in credits, the bond in plancks, the unbonding period in
/// blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(serialize = "Balance: Display, BlockNumber: Serialize"))]
pub struct RegistryParametersView<Balance, BlockNumber> {
	/// The bond a device holds while registered, in plancks.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub device_bond: Balance,
	/// The fee for asserting a location, in credits.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub location_fee: CreditBalance,
	/// The fee for onboarding a device, in credits.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub onboarding_fee: CreditBalance,
	/// How long a retired device's bond stays held, in blocks.
	pub unbonding_period: BlockNumber,
}

impl<Balance, BlockNumber> From<RegistryParameters<Balance, BlockNumber>>
	for RegistryParametersView<Balance, BlockNumber>
{
	fn from(parameters: RegistryParameters<Balance, BlockNumber>) -> Self {
		Self {
			device_bond: parameters.device_bond,
			location_fee: parameters.location_fee,
			onboarding_fee: parameters.onboarding_fee,
			unbonding_period: parameters.unbonding_period,
		}
	}
}
