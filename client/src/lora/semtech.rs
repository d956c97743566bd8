//! The Semtech UDP packet-forwarder protocol (version 2), which LoRa gateways speak to their
//! server: the gateway sends `PUSH_DATA` (what its radio received, JSON `rxpk`) and `PULL_DATA`
//! (a keep-alive telling the server where to reach it); the server answers `PUSH_ACK` and
//! `PULL_ACK`, and sends `PULL_RESP` (JSON `txpk`, a packet to transmit), which the gateway
//! acknowledges with `TX_ACK`.
//!
//! Every datagram starts with the protocol version (2), a random 2-byte token and the packet
//! type; gateway-to-server packets then carry the gateway's 8-byte EUI; JSON follows where the
//! type has a body. Frequencies are MHz, RSSI dBm and SNR dB in the JSON; here they are Hz and
//! tenths of a dB, as the chain's receipts count them.

use base64::{engine::general_purpose::STANDARD, Engine};
use serde_json::{json, Value as Json};

/// The protocol version this module speaks.
pub const VERSION: u8 = 2;
/// The largest datagram read.
pub const MAX_DATAGRAM: usize = 65_507;

/// A gateway's 64-bit EUI.
pub type Eui = [u8; 8];

/// One datagram of the protocol.
#[derive(Debug, Clone, PartialEq)]
pub enum Packet {
	/// Gateway → server: received packets and status (`{"rxpk": [...], "stat": {...}}`).
	PushData { token: u16, gateway: Eui, body: Json },
	/// Server → gateway: `PUSH_DATA` received.
	PushAck { token: u16 },
	/// Gateway → server: keep-alive; downlinks go to the address it came from.
	PullData { token: u16, gateway: Eui },
	/// Server → gateway: a packet to transmit (`{"txpk": {...}}`).
	PullResp { token: u16, body: Json },
	/// Server → gateway: `PULL_DATA` received.
	PullAck { token: u16 },
	/// Gateway → server: a `PULL_RESP` was handled (`{"txpk_ack": {"error": ...}}` or empty).
	TxAck { token: u16, gateway: Eui, body: Option<Json> },
}

const PUSH_DATA: u8 = 0;
const PUSH_ACK: u8 = 1;
const PULL_DATA: u8 = 2;
const PULL_RESP: u8 = 3;
const PULL_ACK: u8 = 4;
const TX_ACK: u8 = 5;

impl Packet {
	/// Parses one datagram; the error says what is wrong with it.
	pub fn parse(bytes: &[u8]) -> Result<Packet, String> {
		let [version, high, low, kind, rest @ ..] = bytes else {
			return Err(format!("{} bytes: shorter than a header (4)", bytes.len()));
		};
		if *version != VERSION {
			return Err(format!("protocol version {version}, expected {VERSION}"));
		}
		let token = u16::from_be_bytes([*high, *low]);
		let gateway = |rest: &[u8]| -> Result<(Eui, Vec<u8>), String> {
			let eui: Eui = rest
				.get(..8)
				.and_then(|eui| eui.try_into().ok())
				.ok_or_else(|| "no gateway EUI (8 bytes after the header)".to_owned())?;
			Ok((eui, rest[8..].to_vec()))
		};
		let body = |bytes: &[u8]| -> Result<Json, String> {
			let body: Json = serde_json::from_slice(bytes)
				.map_err(|error| format!("body is not JSON: {error}"))?;
			if body.is_object() {
				Ok(body)
			} else {
				Err("body is not a JSON object".into())
			}
		};
		match *kind {
			PUSH_DATA => {
				let (gateway, rest) = gateway(rest)?;
				Ok(Packet::PushData { token, gateway, body: body(&rest)? })
			}
			PUSH_ACK => Ok(Packet::PushAck { token }),
			PULL_DATA => {
				let (gateway, _) = gateway(rest)?;
				Ok(Packet::PullData { token, gateway })
			}
			PULL_RESP => Ok(Packet::PullResp { token, body: body(rest)? }),
			PULL_ACK => Ok(Packet::PullAck { token }),
			TX_ACK => {
				let (gateway, rest) = gateway(rest)?;
				let body = if rest.iter().all(u8::is_ascii_whitespace) || rest == [0] {
					None
				} else {
					Some(body(rest.strip_suffix(&[0]).unwrap_or(&rest))?)
				};
				Ok(Packet::TxAck { token, gateway, body })
			}
			other => Err(format!("unknown packet type {other}")),
		}
	}

	/// The datagram.
	pub fn encode(&self) -> Vec<u8> {
		let head = |token: u16, kind: u8| {
			let [high, low] = token.to_be_bytes();
			vec![VERSION, high, low, kind]
		};
		match self {
			Packet::PushData { token, gateway, body } => {
				let mut bytes = head(*token, PUSH_DATA);
				bytes.extend_from_slice(gateway);
				bytes.extend_from_slice(body.to_string().as_bytes());
				bytes
			}
			Packet::PushAck { token } => head(*token, PUSH_ACK),
			Packet::PullData { token, gateway } => {
				let mut bytes = head(*token, PULL_DATA);
				bytes.extend_from_slice(gateway);
				bytes
			}
			Packet::PullResp { token, body } => {
				let mut bytes = head(*token, PULL_RESP);
				bytes.extend_from_slice(body.to_string().as_bytes());
				bytes
			}
			Packet::PullAck { token } => head(*token, PULL_ACK),
			Packet::TxAck { token, gateway, body } => {
				let mut bytes = head(*token, TX_ACK);
				bytes.extend_from_slice(gateway);
				if let Some(body) = body {
					bytes.extend_from_slice(body.to_string().as_bytes());
				}
				bytes
			}
		}
	}
}

/// A packet a gateway's radio received (one `rxpk` entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
	/// The centre frequency, in Hz.
	pub frequency_hz: u64,
	/// The signal strength, in dBm × 10.
	pub rssi_dbm_x10: i32,
	/// The signal-to-noise ratio, in dB × 10.
	pub snr_db_x10: i32,
	/// Whether the payload's CRC checked (`stat` 1).
	pub crc_ok: bool,
	/// The payload.
	pub data: Vec<u8>,
}

/// A packet for a gateway to transmit (a `txpk`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transmit {
	/// The centre frequency, in Hz.
	pub frequency_hz: u64,
	/// The conducted power, in whole dBm.
	pub power_dbm: i32,
	/// The payload.
	pub data: Vec<u8>,
}

/// The LoRa data rate beacons go out at (SF9 at 125 kHz fits the 130-byte beacon frame).
const DATA_RATE: &str = "SF9BW125";

/// MHz as the JSON states it, from Hz.
fn mhz(hz: u64) -> f64 {
	hz as f64 / 1e6
}

/// Hz from the JSON's MHz; `None` when not a positive number below 10 GHz.
fn hz(value: &Json) -> Option<u64> {
	let mhz = value.as_f64()?;
	(mhz > 0.0 && mhz < 10_000.0).then(|| (mhz * 1e6).round() as u64)
}

/// Tenths of the JSON's number (dBm or dB).
fn tenths(value: &Json) -> Option<i32> {
	let value = value.as_f64()?;
	(value.abs() < 1_000.0).then(|| (value * 10.0).round() as i32)
}

impl Received {
	/// The `rxpk` entry, as a gateway writes it.
	pub fn to_json(&self) -> Json {
		json!({
			"tmst": 0,
			"freq": mhz(self.frequency_hz),
			"chan": 0,
			"rfch": 0,
			"stat": if self.crc_ok { 1 } else { -1 },
			"modu": "LORA",
			"datr": DATA_RATE,
			"codr": "4/5",
			"rssi": (self.rssi_dbm_x10 as f64 / 10.0).round() as i64,
			"rssis": self.rssi_dbm_x10 as f64 / 10.0,
			"lsnr": self.snr_db_x10 as f64 / 10.0,
			"size": self.data.len(),
			"data": STANDARD.encode(&self.data),
		})
	}

	/// Reads one `rxpk` entry: `freq`, `rssis` (or `rssi`), `lsnr`, `stat`, `data`; the error
	/// names the field.
	pub fn from_json(entry: &Json) -> Result<Received, String> {
		let frequency_hz = hz(&entry["freq"]).ok_or("rxpk without a valid freq (MHz)")?;
		let rssi = if entry["rssis"].is_number() { &entry["rssis"] } else { &entry["rssi"] };
		let rssi_dbm_x10 = tenths(rssi).ok_or("rxpk without a valid rssi (dBm)")?;
		let snr_db_x10 = tenths(&entry["lsnr"]).ok_or("rxpk without a valid lsnr (dB)")?;
		let data = entry["data"].as_str().ok_or("rxpk without data")?;
		let data =
			STANDARD.decode(data).map_err(|error| format!("rxpk data is not base64: {error}"))?;
		Ok(Received {
			frequency_hz,
			rssi_dbm_x10,
			snr_db_x10,
			crc_ok: entry["stat"].as_i64() == Some(1),
			data,
		})
	}

	/// The entries of a `PUSH_DATA` body (none when it only carries `stat`); an entry that does
	/// not read is an error naming its index.
	pub fn all_in(body: &Json) -> Result<Vec<Received>, String> {
		match &body["rxpk"] {
			Json::Null => Ok(Vec::new()),
			Json::Array(entries) => entries
				.iter()
				.enumerate()
				.map(|(index, entry)| {
					Received::from_json(entry).map_err(|error| format!("rxpk[{index}]: {error}"))
				})
				.collect(),
			_ => Err("rxpk is not an array".into()),
		}
	}
}

impl Transmit {
	/// The `PULL_RESP` body: transmit at once.
	pub fn to_json(&self) -> Json {
		json!({ "txpk": {
			"imme": true,
			"freq": mhz(self.frequency_hz),
			"rfch": 0,
			"powe": self.power_dbm,
			"modu": "LORA",
			"datr": DATA_RATE,
			"codr": "4/5",
			"ipol": false,
			"size": self.data.len(),
			"data": STANDARD.encode(&self.data),
		}})
	}

	/// Reads a `PULL_RESP` body; the error names the field.
	pub fn from_json(body: &Json) -> Result<Transmit, String> {
		let txpk = &body["txpk"];
		let frequency_hz = hz(&txpk["freq"]).ok_or("txpk without a valid freq (MHz)")?;
		let power_dbm = txpk["powe"]
			.as_i64()
			.and_then(|power| i32::try_from(power).ok())
			.ok_or("txpk without powe (dBm)")?;
		let data = txpk["data"].as_str().ok_or("txpk without data")?;
		let data =
			STANDARD.decode(data).map_err(|error| format!("txpk data is not base64: {error}"))?;
		Ok(Transmit { frequency_hz, power_dbm, data })
	}
}

/// An EUI as 16 hex digits.
pub fn format_eui(eui: &Eui) -> String {
	hex::encode_upper(eui)
}

/// An EUI from 16 hex digits (with or without `0x`, `-` or `:` between bytes).
pub fn parse_eui(text: &str) -> Result<Eui, String> {
	let digits: String =
		text.trim_start_matches("0x").chars().filter(|c| !matches!(c, '-' | ':')).collect();
	let bytes = hex::decode(&digits).map_err(|_| format!("EUI {text:?}: not hex"))?;
	bytes.try_into().map_err(|_| format!("EUI {text:?}: expected 16 hex digits (8 bytes)"))
}

#[cfg(test)]
mod tests {
	use super::*;

	const GATEWAY: Eui = [0xAA, 0x55, 0x5A, 0, 0, 0, 0, 1];

	#[test]
	fn every_packet_type_reads_back_what_was_written() {
		let received = Received {
			frequency_hz: 868_100_000,
			rssi_dbm_x10: -1105,
			snr_db_x10: 75,
			crc_ok: true,
			data: vec![1, 2, 3],
		};
		let transmit = Transmit { frequency_hz: 868_300_000, power_dbm: 27, data: vec![9; 130] };
		let packets = [
			Packet::PushData {
				token: 0xBEEF,
				gateway: GATEWAY,
				body: json!({ "rxpk": [received.to_json()] }),
			},
			Packet::PushAck { token: 1 },
			Packet::PullData { token: 2, gateway: GATEWAY },
			Packet::PullResp { token: 3, body: transmit.to_json() },
			Packet::PullAck { token: 4 },
			Packet::TxAck { token: 5, gateway: GATEWAY, body: None },
			Packet::TxAck {
				token: 6,
				gateway: GATEWAY,
				body: Some(json!({ "txpk_ack": { "error": "TOO_LATE" } })),
			},
		];
		for packet in packets {
			assert_eq!(Packet::parse(&packet.encode()), Ok(packet.clone()));
		}
		let Packet::PushData { body, .. } =
			Packet::parse(&packets_first(&received)).expect("parses")
		else {
			panic!("not a PUSH_DATA");
		};
		assert_eq!(Received::all_in(&body), Ok(vec![received]));
		assert_eq!(Transmit::from_json(&transmit.to_json()), Ok(transmit));
	}

	fn packets_first(received: &Received) -> Vec<u8> {
		Packet::PushData {
			token: 7,
			gateway: GATEWAY,
			body: json!({ "rxpk": [received.to_json()] }),
		}
		.encode()
	}

	#[test]
	fn a_real_gateways_push_data_reads() {
		// As the reference packet forwarder writes it (integer rssi, no rssis).
		let mut datagram = vec![2, 0x12, 0x34, 0];
		datagram.extend_from_slice(&GATEWAY);
		datagram.extend_from_slice(
			br#"{"rxpk":[{"tmst":3512348611,"chan":2,"rfch":0,"freq":866.349812,"stat":1,"modu":"LORA","datr":"SF7BW125","codr":"4/6","rssi":-35,"lsnr":5.1,"size":32,"data":"-DS4CGaDCdG+48eJNM3Vai-zDpsR71Pn9CPA9uCON84"}],"stat":{"time":"2013-03-31 16:21:17 GMT"}}"#,
		);
		let Ok(Packet::PushData { token, gateway, body }) = Packet::parse(&datagram) else {
			panic!("a PUSH_DATA");
		};
		assert_eq!((token, gateway), (0x1234, GATEWAY));
		// The reference example's data is not standard base64: named, not guessed.
		let error = Received::all_in(&body).expect_err("not base64");
		assert!(error.starts_with("rxpk[0]: rxpk data is not base64"), "{error}");
		let mut fixed = body.clone();
		fixed["rxpk"][0]["data"] = json!("AQID");
		let received = Received::all_in(&fixed).expect("reads");
		assert_eq!(received[0].frequency_hz, 866_349_812);
		assert_eq!((received[0].rssi_dbm_x10, received[0].snr_db_x10), (-350, 51));
		assert!(received[0].crc_ok);
	}

	#[test]
	fn malformed_datagrams_are_named() {
		let refused = |bytes: &[u8]| Packet::parse(bytes).expect_err("refused");
		assert!(refused(&[2, 0]).contains("shorter than a header"));
		assert!(refused(&[1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]).contains("protocol version 1"));
		assert!(refused(&[2, 0, 0, 9]).contains("unknown packet type 9"));
		assert!(refused(&[2, 0, 0, 2, 1, 2]).contains("no gateway EUI"));
		let mut junk = vec![2, 0, 0, 0];
		junk.extend_from_slice(&GATEWAY);
		junk.extend_from_slice(b"{not json");
		assert!(refused(&junk).contains("body is not JSON"));
		let no_freq = json!({ "rxpk": [{ "rssi": -100, "lsnr": 1.0, "data": "AA==" }] });
		assert!(Received::all_in(&no_freq)
			.expect_err("refused")
			.contains("rxpk[0]: rxpk without a valid freq"));
		assert!(Received::all_in(&json!({ "rxpk": 3 }))
			.expect_err("refused")
			.contains("not an array"));
		assert_eq!(Received::all_in(&json!({ "stat": {} })), Ok(Vec::new()));
	}

	#[test]
	fn euis_read_in_the_usual_spellings() {
		assert_eq!(parse_eui("AA555A0000000001"), Ok(GATEWAY));
		assert_eq!(parse_eui("aa-55-5a-00-00-00-00-01"), Ok(GATEWAY));
		assert_eq!(format_eui(&GATEWAY), "AA555A0000000001");
		assert!(parse_eui("AA55").expect_err("short").contains("16 hex digits"));
		assert!(parse_eui("zz").expect_err("not hex").contains("not hex"));
	}
}
