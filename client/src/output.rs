//! What a command prints: text for people, JSON for `--json`, and the JSON-to-text shapes the
//! commands share.

use serde_json::Value as Json;

/// What a command prints.
pub struct Output {
	/// For people.
	pub text: String,
	/// For `--json`.
	pub json: Json,
}

/// Indented JSON.
pub fn pretty(value: &Json) -> String {
	serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// A read shown as a title and [`lines`], or `none` when it is `null`.
pub fn read(title: &str, value: Json, none: &str) -> Output {
	let text =
		if value.is_null() { none.to_owned() } else { format!("{title}\n{}", lines(&value)) };
	Output { text, json: value }
}

/// JSON for people: an object's fields one a line (`key: value`), an array's items one a line,
/// nested values inline.
pub fn lines(value: &Json) -> String {
	match value {
		Json::Object(map) => {
			let width = map.keys().map(String::len).max().unwrap_or(0) + 1;
			let rows = map.iter().map(|(key, value)| {
				format!("  {:width$} {}", format!("{key}:"), inline(value), width = width)
			});
			rows.collect::<Vec<_>>().join("\n")
		}
		Json::Array(items) if items.is_empty() => "  (none)".to_owned(),
		Json::Array(items) => {
			items.iter().map(|item| format!("  - {}", inline(item))).collect::<Vec<_>>().join("\n")
		}
		other => format!("  {}", inline(other)),
	}
}

/// JSON on one line without quotes: `{key: value, ...}`, `[a, b]`.
pub fn inline(value: &Json) -> String {
	match value {
		Json::Object(map) => {
			let fields: Vec<_> = map.iter().map(|(k, v)| format!("{k}: {}", inline(v))).collect();
			format!("{{{}}}", fields.join(", "))
		}
		Json::Array(items) => {
			format!("[{}]", items.iter().map(inline).collect::<Vec<_>>().join(", "))
		}
		Json::String(text) => text.clone(),
		Json::Null => "none".to_owned(),
		other => other.to_string(),
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	#[test]
	fn inline_json_drops_quotes_and_names_null_none() {
		let value = json!({ "a": [1, "two"], "b": null });
		assert_eq!(inline(&value), "{a: [1, two], b: none}");
	}

	#[test]
	fn lines_align_an_objects_fields() {
		let value = json!({ "a": 1, "long": "x" });
		assert_eq!(lines(&value), "  a:    1\n  long: x");
		assert_eq!(lines(&json!([])), "  (none)");
	}

	#[test]
	fn a_null_read_prints_its_none_text() {
		assert_eq!(read("title", Json::Null, "nothing").text, "nothing");
		assert_eq!(read("title", json!({ "k": 1 }), "nothing").text, "title\n  k: 1");
	}
}
