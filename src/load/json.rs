//! JSON front-end: strict JSON via `jsonc-parser` (every leniency off), converted into our
//! spanned [`Node`] tree with duplicate-key diagnostics.

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::errors::ParseErrorKind;
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions, parse_to_ast};

use super::build::{MapBuilder, Positions};
use super::{
    Diagnostic, Entry, Limits, LoadErrorKind, Node, NodeKind, Pos, Scalar, ScalarStyle, ScalarValue,
};

pub(super) fn parse(
    text: &str,
    limits: &Limits,
) -> Result<(Node, Vec<Diagnostic>), (Pos, LoadErrorKind)> {
    let (positions, body) = Positions::new(text);
    // jsonc-parser recurses per nesting level (it stops itself at 512 ranges); measuring the
    // depth first gives our own limit and the exact position of the bracket that crosses it.
    if let Some((at, kind)) = prescan(body, limits.max_depth) {
        return Err((positions.pos(at), kind));
    }
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::Off,
        tokens: false,
    };
    let ast = parse_to_ast(body, &collect, &options).map_err(|e| {
        let pos = positions.pos(e.range().start);
        let kind = match e.kind() {
            ParseErrorKind::NestingDepthExceeded => LoadErrorKind::TooDeep(limits.max_depth),
            kind => LoadErrorKind::Syntax(format!("invalid JSON: {kind}")),
        };
        (pos, kind)
    })?;
    let Some(value) = ast.value else {
        return Err((
            positions.pos(0),
            LoadErrorKind::Syntax("invalid JSON: the file holds no value".into()),
        ));
    };
    let mut diags = Vec::new();
    let root = convert(&value, &positions, &mut diags);
    Ok((root, diags))
}

/// The first `{`/`[` that opens nesting level `max + 1`, or the first raw control
/// character inside a string (JSON wants those escaped, jsonc-parser lets them through,
/// CloudFormation rejects them), with its byte offset.
fn prescan(text: &str, max: usize) -> Option<(usize, LoadErrorKind)> {
    let (mut depth, mut in_str, mut escaped) = (0usize, false, false);
    for (i, b) in text.bytes().enumerate() {
        if in_str {
            match b {
                0..0x20 => {
                    return Some((
                        i,
                        LoadErrorKind::Syntax(format!(
                            "invalid JSON: control character U+{b:04X} in a string (write it as \\u{b:04x})"
                        )),
                    ));
                }
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > max {
                    return Some((i, LoadErrorKind::TooDeep(max)));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Recursion here is bounded: `prescan` and jsonc-parser's own limit cap the depth.
fn convert(value: &Value<'_>, p: &Positions<'_>, diags: &mut Vec<Diagnostic>) -> Node {
    let scalar = |raw: String, style, value, range: jsonc_parser::common::Range| Node {
        kind: NodeKind::Scalar(Scalar { raw, style, value }),
        span: p.span(range.start, range.end),
    };
    match value {
        Value::StringLit(s) => scalar(
            s.value.to_string(),
            ScalarStyle::Quoted,
            ScalarValue::Str,
            s.range,
        ),
        Value::NumberLit(n) => scalar(
            n.value.to_string(),
            ScalarStyle::Plain,
            number(n.value),
            n.range,
        ),
        Value::BooleanLit(b) => scalar(
            b.value.to_string(),
            ScalarStyle::Plain,
            ScalarValue::Bool(b.value),
            b.range,
        ),
        Value::NullKeyword(n) => scalar(
            "null".into(),
            ScalarStyle::Plain,
            ScalarValue::Null,
            n.range,
        ),
        Value::Array(a) => Node {
            kind: NodeKind::Seq(a.elements.iter().map(|v| convert(v, p, diags)).collect()),
            span: p.span(a.range.start, a.range.end),
        },
        Value::Object(o) => {
            let mut map = MapBuilder::default();
            for prop in &o.properties {
                let (key, range) = match &prop.name {
                    ObjectPropName::String(s) => (s.value.to_string(), s.range),
                    // Loose names are switched off, so this arm is not reached; keep the text.
                    ObjectPropName::Word(w) => (w.value.to_string(), w.range),
                };
                let value = convert(&prop.value, p, diags);
                map.insert(
                    Entry {
                        key,
                        key_span: p.span(range.start, range.end),
                        value,
                    },
                    diags,
                );
            }
            Node {
                kind: NodeKind::Map(map.finish(usize::MAX, Vec::new())),
                span: p.span(o.range.start, o.range.end),
            }
        }
    }
}

/// JSON numbers: integers that fit i64 are Int, everything else Float.
fn number(text: &str) -> ScalarValue {
    if !text.contains(['.', 'e', 'E'])
        && let Ok(i) = text.parse::<i64>()
    {
        return ScalarValue::Int(i);
    }
    match text.parse::<f64>() {
        Ok(f) => ScalarValue::Float(f),
        Err(_) => ScalarValue::Str,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Node, Vec<Diagnostic>) {
        match parse(text, &Limits::default()) {
            Ok(r) => r,
            Err(e) => panic!("load failed: {e:?}"),
        }
    }

    fn fail(text: &str) -> (Pos, LoadErrorKind) {
        match parse(text, &Limits::default()) {
            Ok(r) => panic!("expected failure, got {:?}", r.0),
            Err(e) => e,
        }
    }

    #[test]
    fn scalars_and_spans() {
        let text = "{\n\t\"Resources\": {\n\t\t\"B\": {\"Type\": \"AWS::S3::Bucket\", \"N\": 12, \"F\": 1.5, \"T\": true, \"Z\": null}\n\t}\n}";
        let (root, diags) = load(text);
        assert!(diags.is_empty());
        let b = root.get("Resources").and_then(|r| r.get("B")).expect("B");
        assert_eq!((b.span.start.line, b.span.start.col), (3, 8));
        let ty = b.get("Type").and_then(Node::as_scalar).expect("Type");
        assert_eq!(ty.raw, "AWS::S3::Bucket");
        assert_eq!(ty.style, ScalarStyle::Quoted);
        let e = root
            .get("Resources")
            .and_then(|r| r.entry("B"))
            .expect("entry");
        assert_eq!((e.key_span.start.line, e.key_span.start.col), (3, 3));
        assert_eq!(
            e.key_span.start.byte as usize,
            text.find("\"B\"").unwrap_or(0)
        );
        assert_eq!(
            b.get("N")
                .and_then(Node::as_scalar)
                .map(|s| s.value.clone()),
            Some(ScalarValue::Int(12))
        );
        assert_eq!(
            b.get("F")
                .and_then(Node::as_scalar)
                .map(|s| s.value.clone()),
            Some(ScalarValue::Float(1.5))
        );
        assert_eq!(
            b.get("T")
                .and_then(Node::as_scalar)
                .map(|s| s.value.clone()),
            Some(ScalarValue::Bool(true))
        );
        assert_eq!(
            b.get("Z")
                .and_then(Node::as_scalar)
                .map(|s| s.value.clone()),
            Some(ScalarValue::Null)
        );
    }

    #[test]
    fn unicode_columns_and_escapes() {
        let (root, _) = load("{\"é\": \"a\\nb\", \"k\": \"ü\"}");
        assert_eq!(
            root.get("é").and_then(Node::as_str).as_deref(),
            Some("a\nb")
        );
        let k = root.entry("k").expect("k");
        // `{"é": "a\nb", ` is 14 chars but 15 bytes.
        assert_eq!(k.key_span.start.col, 15);
        assert_eq!(k.key_span.start.byte, 15);
    }

    #[test]
    fn bom_accepted() {
        let (root, _) = load("\u{feff}{\"a\": 1}");
        let e = root.entry("a").expect("a");
        assert_eq!(e.key_span.start.col, 2);
        assert_eq!(e.key_span.start.byte, 4);
    }

    #[test]
    fn duplicate_keys_last_wins() {
        let (root, diags) = load("{\n  \"A\": 1,\n  \"B\": 2,\n  \"A\": 3\n}");
        let keys: Vec<_> = root.entries().iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["B", "A"]);
        assert_eq!(root.get("A").and_then(Node::as_str).as_deref(), Some("3"));
        assert_eq!(diags.len(), 1);
        assert!(
            diags[0].message.contains("line 4:3"),
            "{}",
            diags[0].message
        );
        assert!(
            diags[0].message.contains("first at line 2:3"),
            "{}",
            diags[0].message
        );
        assert_eq!(diags[0].span.start.line, 4);
    }

    #[test]
    fn missing_comma_reports_its_line() {
        let text = "{\n  \"Resources\": {\n    \"B\": {\n      \"Type\": \"X\",\n      \"Properties\": {}\n      \"DependsOn\": []\n    }\n  }\n}";
        let (pos, kind) = fail(text);
        assert_eq!(pos.line, 5, "{kind}");
        assert!(pos.col > 1);
        assert!(kind.to_string().contains("comma"), "{kind}");
    }

    #[test]
    fn strictness() {
        for bad in [
            "{\"a\": 1,}",
            "{\"a\": 1 // c\n}",
            "{a: 1}",
            "{\"a\": 'x'}",
            "{\"a\": 0x1F}",
            "{\"a\": +1}",
            "{\"a\": .5}",
            "{\"a\": NaN}",
        ] {
            let (pos, _) = fail(bad);
            assert_eq!(pos.line, 1, "{bad}");
            assert!(pos.col > 1, "{bad}: {pos:?}");
        }
        let (pos, _) = fail("{\n\n  \"a\": \"unterminated\n}");
        assert_eq!(pos.line, 3);
    }

    #[test]
    fn deep_nesting_is_too_deep_not_a_crash() {
        let text = format!("{{\"a\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        let (pos, kind) = fail(&text);
        assert_eq!(kind, LoadErrorKind::TooDeep(256));
        assert_eq!(pos.byte, 6 + 255);
        // Brackets inside strings do not count.
        let (root, _) = load(&format!("{{\"a\": \"{}\"}}", "[".repeat(10_000)));
        assert!(root.get("a").is_some());
    }

    #[test]
    fn minified_one_line_is_not_quadratic() {
        // 40,000 resources on one line, with a non-ASCII character so columns are counted.
        let body: Vec<String> = (0..40_000)
            .map(|i| format!("\"R{i}\":{{\"Type\":\"AWS::SNS::Topic\",\"D\":\"é\"}}"))
            .collect();
        let text = format!("{{\"Resources\":{{{}}}}}", body.join(","));
        let t = std::time::Instant::now();
        let (root, _) = load(&text);
        assert!(
            t.elapsed() < std::time::Duration::from_secs(5),
            "took {:?}",
            t.elapsed()
        );
        let last = root
            .get("Resources")
            .and_then(|r| r.entry("R39999"))
            .expect("R39999");
        let col = text[..text.find("\"R39999\"").unwrap_or(0)].chars().count() as u32 + 1;
        assert_eq!(
            (last.key_span.start.line, last.key_span.start.col),
            (1, col)
        );
    }

    #[test]
    fn big_numbers() {
        let (root, _) = load("{\"a\": 123456789012345678901234567890, \"b\": -5, \"c\": 1e3}");
        assert!(matches!(
            root.get("a").and_then(Node::as_scalar).map(|s| &s.value),
            Some(ScalarValue::Float(_))
        ));
        assert_eq!(
            root.get("b")
                .and_then(Node::as_scalar)
                .map(|s| s.value.clone()),
            Some(ScalarValue::Int(-5))
        );
        assert_eq!(
            root.get("c")
                .and_then(Node::as_scalar)
                .map(|s| s.raw.as_str()),
            Some("1e3")
        );
    }
}
