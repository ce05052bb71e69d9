//! The one place where a plain scalar's type is decided, the way CloudFormation reads YAML:
//! YAML 1.1 booleans (`yes`/`off`, any case) and octal (`0755`), but dates, timestamps and
//! single-letter `Y`/`N` stay text. Quoted and block scalars are always strings.

use super::ScalarStyle;

#[derive(Debug, Clone, PartialEq)]
pub enum ScalarValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str,
}

impl ScalarValue {
    /// The string CloudFormation would send to the service for this scalar.
    pub fn to_cfn_string(&self, raw: &str) -> String {
        match self {
            ScalarValue::Null => String::new(),
            ScalarValue::Bool(b) => b.to_string(),
            ScalarValue::Int(i) => i.to_string(),
            ScalarValue::Float(_) | ScalarValue::Str => raw.to_string(),
        }
    }
}

/// Resolve a YAML scalar. JSON scalars are resolved by the JSON loader directly.
pub fn resolve(raw: &str, style: ScalarStyle) -> ScalarValue {
    if style != ScalarStyle::Plain {
        return ScalarValue::Str;
    }
    match raw {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarValue::Null,
        _ => {}
    }
    match raw.to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" => return ScalarValue::Bool(true),
        "false" | "no" | "off" => return ScalarValue::Bool(false),
        _ => {}
    }
    if let Some(i) = parse_int(raw) {
        return ScalarValue::Int(i);
    }
    if is_float(raw)
        && let Ok(f) = raw.replace('_', "").parse::<f64>()
    {
        return ScalarValue::Float(f);
    }
    ScalarValue::Str
}

fn parse_int(raw: &str) -> Option<i64> {
    let (neg, digits) = match raw.as_bytes().first()? {
        b'-' => (true, &raw[1..]),
        b'+' => (false, &raw[1..]),
        _ => (false, raw),
    };
    if digits.is_empty() || digits.contains("__") {
        return None;
    }
    let clean = digits.replace('_', "");
    let value = if let Some(hex) = clean.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(bin) = clean.strip_prefix("0b") {
        i64::from_str_radix(bin, 2).ok()?
    } else if clean.len() > 1 && clean.starts_with('0') {
        // YAML 1.1 octal; `0888` is not octal and stays a string.
        i64::from_str_radix(&clean[1..], 8).ok()?
    } else if clean.bytes().all(|b| b.is_ascii_digit()) {
        clean.parse().ok()?
    } else {
        return None;
    };
    Some(if neg { -value } else { value })
}

fn is_float(raw: &str) -> bool {
    let s = raw.trim_start_matches(['-', '+']);
    let mut digits = 0;
    let mut dot = false;
    let mut exp = false;
    let mut prev = ' ';
    for c in s.chars() {
        match c {
            '0'..='9' => digits += 1,
            '.' if !dot && !exp => dot = true,
            'e' | 'E' if digits > 0 && !exp => exp = true,
            '-' | '+' if prev == 'e' || prev == 'E' => {}
            _ => return false,
        }
        prev = c;
    }
    digits > 0 && (dot || exp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ScalarStyle::*;

    #[test]
    fn yaml11_booleans_any_case() {
        for t in ["yes", "Yes", "YES", "on", "true", "True"] {
            assert_eq!(resolve(t, Plain), ScalarValue::Bool(true), "{t}");
        }
        for f in ["no", "NO", "off", "Off", "false"] {
            assert_eq!(resolve(f, Plain), ScalarValue::Bool(false), "{f}");
        }
        assert_eq!(resolve("yes", Quoted), ScalarValue::Str);
        assert_eq!(resolve("Y", Plain), ScalarValue::Str);
        assert_eq!(resolve("N", Plain), ScalarValue::Str);
    }

    #[test]
    fn octal_and_numbers() {
        assert_eq!(resolve("0755", Plain), ScalarValue::Int(493));
        assert_eq!(resolve("0888", Plain), ScalarValue::Str);
        assert_eq!(resolve("22", Plain), ScalarValue::Int(22));
        assert_eq!(resolve("-1", Plain), ScalarValue::Int(-1));
        assert_eq!(resolve("0", Plain), ScalarValue::Int(0));
        assert_eq!(resolve("1.5", Plain), ScalarValue::Float(1.5));
        assert_eq!(resolve("22", Quoted), ScalarValue::Str);
        assert_eq!(
            resolve("123456789012", Plain),
            ScalarValue::Int(123456789012)
        );
    }

    #[test]
    fn dates_stay_text() {
        for d in [
            "2010-09-09",
            "2012-10-17",
            "2030-01-01T00:00:00.000Z",
            "1.2.3",
            "10.0.0.0/16",
        ] {
            assert_eq!(resolve(d, Plain), ScalarValue::Str, "{d}");
        }
    }

    #[test]
    fn cfn_string_of_octal_and_bool() {
        assert_eq!(resolve("0755", Plain).to_cfn_string("0755"), "493");
        assert_eq!(resolve("NO", Plain).to_cfn_string("NO"), "false");
        assert_eq!(resolve("1.50", Plain).to_cfn_string("1.50"), "1.50");
    }
}
