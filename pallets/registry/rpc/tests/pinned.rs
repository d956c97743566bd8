//! The registry's views, byte for byte as the `depin_*` methods have always returned them
//! (`tests/pinned.txt`).

use depin_primitives::{
	DeviceAttributes, DeviceInfo, DeviceKey, DeviceStatus, GpuAttributes, GpuInterface, H3Cell,
	HotspotAttributes, MakerInfo, MakerStatus, RegistryParameters, SensorAttributes, ShortString,
	StorageAttributes, SuspendReason,
};
use depin_primitives_rpc::testing::{alice, assert_pinned, bob, sample};
use pallet_registry_rpc::{DeviceView, MakerView, RegistryParametersView};
use sp_runtime::AccountId32 as AccountId;

type Device = DeviceInfo<AccountId, u128, u32>;

fn text(bytes: &[u8]) -> ShortString {
	ShortString::truncate_from(bytes.to_vec())
}

fn device(attributes: DeviceAttributes, status: DeviceStatus) -> Device {
	DeviceInfo {
		owner: alice(),
		key: DeviceKey::Ed25519([0xab; 32]),
		maker: 3,
		attributes,
		status,
		location: Some(H3Cell(0x08c2a1072b59b9ff)),
		location_asserts: 2,
		bond: u128::MAX,
		onboarded_at: 12,
		unbonding_until: None,
	}
}

#[test]
fn registry_views_are_pinned() {
	let gpu = DeviceAttributes::Gpu(GpuAttributes {
		vendor: text(b"NVIDIA"),
		model: text(b"H100"),
		vram_gib: 80,
		count: 8,
		interface: GpuInterface::Sxm,
	});
	let hotspot =
		DeviceAttributes::Hotspot(HotspotAttributes { gain_dbi_x10: 58, elevation_m: -5 });
	let storage = DeviceAttributes::Storage(StorageAttributes { capacity_gib: u64::MAX });
	let sensor = DeviceAttributes::Sensor(SensorAttributes { kind: text(&[b'a', 0xff, b'q']) });
	let mut retired = device(hotspot, DeviceStatus::Retired);
	retired.key = DeviceKey::Sr25519([1; 32]);
	retired.location = None;
	retired.unbonding_until = Some(500);
	let maker = |id, status| {
		MakerView::new(
			id,
			MakerInfo {
				account: bob(),
				attestation_key: DeviceKey::Sr25519([2; 32]),
				name: text(b"Acme"),
				bond: 5u128,
				status,
				devices_onboarded: 9,
			},
		)
	};
	let parameters = RegistryParameters {
		onboarding_fee: 4_000_000,
		location_fee: 500_000,
		device_bond: 10_000_000_000_000u128,
		unbonding_period: 100_800u32,
	};
	let suspended =
		|reason| DeviceView::new(7, device(gpu.clone(), DeviceStatus::Suspended { reason }));
	let none: Option<DeviceView<AccountId, u128, u32>> = None;
	assert_pinned(
		concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pinned.txt"),
		&[
			sample("device_gpu_suspended_sla_breach", &suspended(SuspendReason::SlaBreach)),
			sample("device_gpu_suspended_governance", &suspended(SuspendReason::Governance)),
			sample("device_gpu_suspended_denylist", &suspended(SuspendReason::Denylist)),
			sample("device_gpu_suspended_slash", &suspended(SuspendReason::Slash)),
			sample("device_hotspot_retired", &DeviceView::new(u64::MAX, retired.clone())),
			sample(
				"device_storage_active",
				&DeviceView::new(0, device(storage, DeviceStatus::Active)),
			),
			sample(
				"device_sensor_active",
				&DeviceView::new(1, device(sensor, DeviceStatus::Active)),
			),
			sample(
				"devices_of",
				&[DeviceView::new(1, retired.clone()), DeviceView::new(2, retired)],
			),
			sample("devices_of_empty", &Vec::<DeviceView<AccountId, u128, u32>>::new()),
			sample("device_none", &none),
			sample("makers", &[maker(0, MakerStatus::Approved), maker(4, MakerStatus::Revoked)]),
			sample("registry_parameters", &RegistryParametersView::from(parameters)),
		],
	);
}
