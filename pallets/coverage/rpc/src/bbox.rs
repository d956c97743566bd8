//! `depin_hotspotsInBox`: the active hotspots located in a latitude/longitude box, found from
//! the runtime's region index. The node turns cells into coordinates (h3o); the runtime only
//! pages through regions and their hotspots, so one call makes a bounded number of runtime
//! calls and scans at most `limit` entries (regions and hotspots together).

use depin_primitives::{DeviceId, H3Cell};
use depin_primitives_rpc::{invalid_parameter, views::CellView};
use jsonrpsee::core::RpcResult;
use pallet_coverage::{HexPage, HotspotPage};
use serde::{Deserialize, Serialize};

/// A box in degrees; `west > east` crosses the antimeridian.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct BoxParam {
	/// Southern edge, -90 to 90.
	pub south: f64,
	/// Western edge, -180 to 180.
	pub west: f64,
	/// Northern edge, at least `south`.
	pub north: f64,
	/// Eastern edge, -180 to 180.
	pub east: f64,
}

/// Where a page of `depin_hotspotsInBox` continues: inside `region` after the device `after`,
/// or, when `after` is `null`, with the regions after `region` (which is done).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoxCursor {
	/// The region being scanned, `0x` and 16 hex digits.
	pub region: String,
	/// The last device scanned in it.
	pub after: Option<DeviceId>,
}

/// A located hotspot in the box, with its centre.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoxHotspotView {
	/// The device id.
	pub id: DeviceId,
	/// Latitude of its cell's centre, degrees.
	pub lat: f64,
	/// Longitude of its cell's centre, degrees.
	pub lng: f64,
	/// Its location.
	pub location: CellView,
}

/// One page: the hotspots found and where the next page starts (`null`: none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoxPageView {
	/// The hotspots in the box found by this page's scan.
	pub hotspots: Vec<BoxHotspotView>,
	/// Pass it as `startAfter` for the next page.
	pub next: Option<BoxCursor>,
}

impl BoxParam {
	/// The box, or a code-2 error that names the bad edge.
	pub fn checked(self) -> RpcResult<Self> {
		let shown = format!("{self:?}");
		let expected = "{south, west, north, east} in degrees, south ≤ north";
		let bad = |why: &str| Err(invalid_parameter("bounds", &shown, why, expected));
		let finite = [self.south, self.west, self.north, self.east].iter().all(|v| v.is_finite());
		if !finite {
			return bad("an edge is not a number");
		}
		if !(-90.0..=90.0).contains(&self.south) || !(-90.0..=90.0).contains(&self.north) {
			return bad("a latitude outside -90 to 90");
		}
		if !(-180.0..=180.0).contains(&self.west) || !(-180.0..=180.0).contains(&self.east) {
			return bad("a longitude outside -180 to 180");
		}
		if self.south > self.north {
			return bad("south is north of north");
		}
		Ok(self)
	}

	/// Whether the point is inside.
	pub fn contains(&self, lat: f64, lng: f64) -> bool {
		let in_lng = if self.west <= self.east {
			(self.west..=self.east).contains(&lng)
		} else {
			lng >= self.west || lng <= self.east
		};
		(self.south..=self.north).contains(&lat) && in_lng
	}

	/// Whether the cell may hold points inside: its boundary's bounding box meets the box
	/// (conservative: a cell across the antimeridian always may).
	pub fn may_meet(&self, cell: H3Cell) -> bool {
		let Some(index) = h3o::CellIndex::try_from(cell.raw()).ok() else { return false };
		let boundary = index.boundary();
		let (mut south, mut north, mut west, mut east) = (90.0f64, -90.0f64, 180.0f64, -180.0f64);
		for vertex in boundary.iter() {
			south = south.min(vertex.lat());
			north = north.max(vertex.lat());
			west = west.min(vertex.lng());
			east = east.max(vertex.lng());
		}
		if east - west > 180.0 {
			return south <= self.north && north >= self.south;
		}
		let lat_meets = south <= self.north && north >= self.south;
		let lng_meets = if self.west <= self.east {
			west <= self.east && east >= self.west
		} else {
			east >= self.west || west <= self.east
		};
		lat_meets && lng_meets
	}
}

/// Scans for hotspots in `area` from `start_after`, at most `budget` entries (regions and
/// hotspots), through `regions(after, limit)` and `hotspots(region, after, limit)` (the runtime
/// API).
pub fn scan(
	area: &BoxParam,
	start_after: Option<BoxCursor>,
	budget: u32,
	mut regions: impl FnMut(Option<H3Cell>, u32) -> RpcResult<HexPage<H3Cell>>,
	mut hotspots: impl FnMut(H3Cell, Option<DeviceId>, u32) -> RpcResult<HotspotPage>,
) -> RpcResult<BoxPageView> {
	let mut left = budget.max(1);
	let mut found = Vec::new();
	// The region to go on with and the device to go on after; the last region done.
	let (mut current, mut done) = match start_after {
		Some(BoxCursor { region, after }) => {
			let region = depin_primitives_rpc::params::parse_cell("startAfter.region", &region)?;
			match after {
				Some(after) => (Some((region, Some(after))), Some(region)),
				None => (None, Some(region)),
			}
		}
		None => (None, None),
	};
	let done_cursor = |done: Option<H3Cell>| {
		done.map(|region| BoxCursor { region: CellView::from(region).cell, after: None })
	};
	loop {
		if let Some((region, after)) = current.take() {
			let page = hotspots(region, after, left)?;
			left = left.saturating_sub(page.hotspots.len() as u32);
			for (id, cell) in page.hotspots {
				let Ok(index) = h3o::CellIndex::try_from(cell.raw()) else { continue };
				let centre = h3o::LatLng::from(index);
				if area.contains(centre.lat(), centre.lng()) {
					found.push(BoxHotspotView {
						id,
						lat: centre.lat(),
						lng: centre.lng(),
						location: cell.into(),
					});
				}
			}
			if let Some(next) = page.next {
				let cursor = BoxCursor { region: CellView::from(region).cell, after: Some(next) };
				return Ok(BoxPageView { hotspots: found, next: Some(cursor) });
			}
			done = Some(region);
		}
		if left == 0 {
			return Ok(BoxPageView { hotspots: found, next: done_cursor(done) });
		}
		let page = regions(done, 1)?;
		left -= 1;
		let Some(region) = page.hexes.first().map(|hex| hex.hex) else {
			return Ok(BoxPageView { hotspots: found, next: None });
		};
		if !area.may_meet(region) {
			done = Some(region);
		} else if left == 0 {
			// Not scanned yet: the next page starts with it.
			return Ok(BoxPageView { hotspots: found, next: done_cursor(done) });
		} else {
			current = Some((region, None));
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const NYC: H3Cell = H3Cell(0x08c2a1072b59b9ff);

	fn area(south: f64, west: f64, north: f64, east: f64) -> BoxParam {
		BoxParam { south, west, north, east }
	}

	#[test]
	fn a_box_holds_points_inside_it_and_may_wrap_the_antimeridian() {
		let manhattan = area(40.6, -74.1, 40.9, -73.8);
		assert!(manhattan.contains(40.7, -74.0));
		assert!(!manhattan.contains(41.0, -74.0));
		let pacific = area(-10.0, 170.0, 10.0, -170.0);
		assert!(pacific.contains(0.0, 179.0) && pacific.contains(0.0, -179.0));
		assert!(!pacific.contains(0.0, 0.0));
	}

	#[test]
	fn a_region_meets_the_boxes_around_it_only() {
		let region = NYC.parent(4).expect("a region");
		assert!(area(40.6, -74.1, 40.9, -73.8).may_meet(region));
		assert!(!area(51.0, -1.0, 52.0, 1.0).may_meet(region), "London");
	}

	#[test]
	fn bad_boxes_are_refused_with_the_broken_rule() {
		let message = |b: BoxParam| b.checked().expect_err("refused").message().to_owned();
		assert!(message(area(10.0, 0.0, 5.0, 1.0)).contains("south is north of north"));
		assert!(message(area(0.0, -181.0, 5.0, 1.0)).contains("longitude"));
		assert!(message(area(-91.0, 0.0, 5.0, 1.0)).contains("latitude"));
		assert!(message(area(f64::NAN, 0.0, 5.0, 1.0)).contains("not a number"));
	}

	#[test]
	fn pages_of_a_scan_find_each_hotspot_in_the_box_once() {
		// Two regions: New York's, with three hotspots, and London's, with one.
		let london = H3Cell(u64::from(
			h3o::LatLng::new(51.5, -0.12).expect("a point").to_cell(h3o::Resolution::Twelve),
		));
		let regions_list = [NYC.parent(4).expect("r"), london.parent(4).expect("r")];
		let located = |region: H3Cell| -> Vec<(DeviceId, H3Cell)> {
			if region == regions_list[0] {
				vec![(1, NYC), (2, NYC), (3, NYC)]
			} else {
				vec![(9, london)]
			}
		};
		let regions = |after: Option<H3Cell>, _limit: u32| {
			let from =
				after.map_or(0, |a| regions_list.iter().position(|r| *r == a).expect("a") + 1);
			let hexes = regions_list[from..]
				.iter()
				.take(1)
				.map(|hex| pallet_coverage::HexCoverage {
					hex: *hex,
					count: 1,
					transmit_scale: None,
					scale_fixed: false,
				})
				.collect();
			Ok(HexPage { hexes, next: None })
		};
		let hotspots = |region: H3Cell, after: Option<DeviceId>, limit: u32| {
			let rest: Vec<_> = located(region)
				.into_iter()
				.filter(|(id, _)| after.is_none_or(|a| *id > a))
				.collect();
			let page: Vec<_> = rest.iter().copied().take(limit as usize).collect();
			let next = (rest.len() > page.len()).then(|| page.last().expect("some").0);
			Ok(HotspotPage { hotspots: page, next })
		};
		let world = area(-90.0, -180.0, 90.0, 180.0);
		let mut seen = Vec::new();
		let mut cursor = None;
		let mut pages = 0;
		loop {
			let page = scan(&world, cursor, 2, regions, hotspots).expect("a page");
			pages += 1;
			seen.extend(page.hotspots.iter().map(|h| h.id));
			cursor = page.next;
			if cursor.is_none() {
				break;
			}
			assert!(pages < 20, "the scan ends");
		}
		seen.sort_unstable();
		assert_eq!(seen, vec![1, 2, 3, 9]);
		let nyc_only =
			scan(&area(40.0, -75.0, 41.0, -73.0), None, 1000, regions, hotspots).expect("a page");
		assert_eq!(nyc_only.hotspots.iter().map(|h| h.id).collect::<Vec<_>>(), vec![1, 2, 3]);
		assert_eq!(nyc_only.next, None);
	}
}
