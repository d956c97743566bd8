//! Exact decimal amounts: DPN with 12 decimals and US dollars as 18-decimal fixed point, parsed
//! from text without floating point.

/// Plancks in one DPN.
#[cfg(test)]
pub const DPN: u128 = 1_000_000_000_000;
/// Decimals of DPN.
pub const DPN_DECIMALS: u32 = 12;
/// Decimals of `FixedU128` (the DPN/USD price).
pub const FIXED_DECIMALS: u32 = 18;

/// Parses a non-negative decimal such as `12`, `0.5` or `1_000.25` into an integer scaled by
/// 10^`decimals`, refusing more decimals than that and any overflow.
pub fn parse_decimal(text: &str, decimals: u32) -> Result<u128, String> {
	let clean: String = text.trim().chars().filter(|c| *c != '_').collect();
	let (whole, fraction) = clean.split_once('.').unwrap_or((&clean, ""));
	let digits = |part: &str| part.chars().all(|c| c.is_ascii_digit());
	if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
		return Err(format!("{text:?} is not a decimal number such as 12 or 0.5"));
	}
	if fraction.len() > decimals as usize {
		return Err(format!("{text:?} has more than {decimals} decimals"));
	}
	let too_large = || format!("{text:?} is too large");
	let scale = 10u128.checked_pow(decimals).ok_or_else(too_large)?;
	let whole: u128 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| too_large())? };
	let padded = format!("{fraction:0<width$}", width = decimals as usize);
	let fraction: u128 =
		if padded.is_empty() { 0 } else { padded.parse().map_err(|_| too_large())? };
	whole.checked_mul(scale).and_then(|scaled| scaled.checked_add(fraction)).ok_or_else(too_large)
}

/// Parses an amount of DPN (`1.5` is 1,500,000,000,000 plancks).
pub fn parse_dpn(text: &str) -> Result<u128, String> {
	parse_decimal(text, DPN_DECIMALS)
}

/// Formats an integer scaled by 10^`decimals` as a decimal without trailing zeros.
pub fn format_decimal(value: u128, decimals: u32) -> String {
	let scale = 10u128.pow(decimals);
	let (whole, fraction) = (value / scale, value % scale);
	if fraction == 0 {
		return whole.to_string();
	}
	let fraction = format!("{fraction:0width$}", width = decimals as usize);
	format!("{whole}.{}", fraction.trim_end_matches('0'))
}

/// Formats plancks as DPN, e.g. `1.5 DPN`.
pub fn format_dpn(plancks: u128) -> String {
	format!("{} DPN", format_decimal(plancks, DPN_DECIMALS))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dpn_parses_exactly() {
		assert_eq!(parse_dpn("1"), Ok(DPN));
		assert_eq!(parse_dpn("1.5"), Ok(1_500_000_000_000));
		assert_eq!(parse_dpn("0.000000000001"), Ok(1));
		assert_eq!(parse_dpn(".25"), Ok(DPN / 4));
		assert_eq!(parse_dpn("1_000"), Ok(1_000 * DPN));
		assert_eq!(
			parse_dpn("340282366.920938463463374607431768211455"),
			Err("\"340282366.920938463463374607431768211455\" has more than 12 decimals".into())
		);
	}

	#[test]
	fn bad_amounts_are_refused() {
		for bad in ["", ".", "-1", "1e3", "1.2.3", "abc", "0.0000000000001"] {
			assert!(parse_dpn(bad).is_err(), "{bad:?} was accepted");
		}
		assert!(parse_dpn("340282366920938463463374607431768211455").is_err());
	}

	#[test]
	fn amounts_format_without_trailing_zeros() {
		assert_eq!(format_dpn(1_500_000_000_000), "1.5 DPN");
		assert_eq!(format_dpn(10 * DPN), "10 DPN");
		assert_eq!(format_dpn(1), "0.000000000001 DPN");
		assert_eq!(format_decimal(parse_decimal("2.05", FIXED_DECIMALS).unwrap_or(0), 18), "2.05");
	}
}
