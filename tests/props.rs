//! Property tests of the loader and the whole scan (proptest; run in CI with the rest).
//! The coverage-guided fuzzers in `fuzz/` search further; these keep the same promises
//! checked on every build.

use std::path::Path;

use hardstack::load::{Limits, LineIndex, Node, NodeKind, Span, load_bytes};
use hardstack::{FileOutcome, Options, scan_source};
use proptest::prelude::*;

fn small_limits() -> Limits {
    Limits {
        max_bytes: 1 << 16,
        ..Limits::default()
    }
}

/// Every span lies inside the text, starts before it ends, and has 1-based positions.
fn spans_ok(node: &Node, len: usize) -> Result<(), String> {
    let check = |s: &Span, what: &str| {
        if s.start.byte > s.end.byte || s.end.byte as usize > len {
            return Err(format!("{what} span {s:?} outside 0..{len}"));
        }
        if s.start.line == 0 || s.start.col == 0 || s.end.line == 0 || s.end.col == 0 {
            return Err(format!("{what} span {s:?} not 1-based"));
        }
        Ok(())
    };
    check(&node.span, "node")?;
    match &node.kind {
        NodeKind::Scalar(_) => Ok(()),
        NodeKind::Seq(items) => items.iter().try_for_each(|n| spans_ok(n, len)),
        NodeKind::Map(entries) => entries.iter().try_for_each(|e| {
            check(&e.key_span, "key")?;
            spans_ok(&e.value, len)
        }),
    }
}

/// YAML-looking text: fragments real templates are made of, glued at random.
fn yamlish() -> impl Strategy<Value = String> {
    let frag = prop_oneof![
        Just("Resources:\n".to_string()),
        Just("  B:\n    Type: AWS::S3::Bucket\n".to_string()),
        Just("    Properties:\n".to_string()),
        Just("      X: !Ref B\n".to_string()),
        Just("      Y: !If [C, !GetAtt B.Arn, !Ref AWS::NoValue]\n".to_string()),
        Just("      Z: !Sub '${B}-${AWS::Region}'\n".to_string()),
        Just("Conditions:\n  C: !Equals [a, !Ref P]\n".to_string()),
        Just("a: &a [x, y]\nb: *a\n".to_string()),
        Just("<<: *a\n".to_string()),
        Just("{\"Fn::If\": [\"C\", 1, 2]}".to_string()),
        Just("- - [\n".to_string()),
        Just("\t".to_string()),
        Just("\"\\u0000\\e\"".to_string()),
        Just("|\n  block\n".to_string()),
        "[ -~]{0,12}",
        "[\\[\\]{}:,&*!|>'\"#\n -]{0,8}",
    ];
    prop::collection::vec(frag, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn loader_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = load_bytes(Path::new("p.yaml"), &bytes, &small_limits());
    }

    #[test]
    fn loader_never_panics_and_spans_stay_in_the_file(text in yamlish()) {
        if let Ok(l) = load_bytes(Path::new("p.yaml"), text.as_bytes(), &small_limits()) {
            prop_assert!(spans_ok(&l.root, text.len()).is_ok(), "{:?}", spans_ok(&l.root, text.len()));
            for d in &l.diagnostics {
                prop_assert!(d.span.end.byte as usize <= text.len());
            }
        }
    }

    #[test]
    fn json_spans_stay_in_the_file(t in tree(3)) {
        let text = serde_json::to_string_pretty(&serde_json::json!({ "Root": t.to_json() })).unwrap();
        let l = load_bytes(Path::new("p.json"), text.as_bytes(), &small_limits()).unwrap();
        prop_assert!(spans_ok(&l.root, text.len()).is_ok());
    }

    #[test]
    fn whole_scan_never_panics(text in yamlish()) {
        let mut opts = Options::default();
        opts.limits = small_limits();
        if let FileOutcome::Scanned(r) = scan_source(Path::new("p.yaml"), &text, &opts) {
            let _ = hardstack::assess::assess(std::slice::from_ref(&r));
        }
    }

    /// `render::snippet` starts from the span's byte offset: the same lines as counting
    /// lines from the top of the file.
    #[test]
    fn snippets_from_byte_offsets_match_counting_lines(
        lines in prop::collection::vec("[ a-zé:\t-]{0,12}", 1..30),
        a in 0usize..400,
        b in 0usize..400,
    ) {
        let text = lines.join("\n");
        let at = |i: usize| {
            let mut i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let (a, b) = (at(a.min(b)), at(a.max(b)));
        let idx = LineIndex::new(&text);
        let span = Span { start: idx.pos(a), end: idx.pos(b) };
        let first = span.start.line as usize;
        let last = (span.end.line as usize).min(first + 7);
        let want: Vec<&str> = text.lines().skip(first - 1).take(last - first + 1).collect();
        let indent = want
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        let want = want
            .iter()
            .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
            .collect::<Vec<_>>()
            .join("\n")
            .trim_end()
            .to_string();
        prop_assert_eq!(hardstack::render::snippet(&text, span), want);
    }

    #[test]
    fn yaml_and_json_of_one_template_give_the_same_tree(t in tree(4)) {
        let json = serde_json::to_string_pretty(&serde_json::json!({ "Root": t.to_json() })).unwrap();
        let yaml = format!("Root:\n{}\n", t.to_yaml(1));
        let from_json = load_bytes(Path::new("t.json"), json.as_bytes(), &small_limits()).unwrap();
        let from_yaml = load_bytes(Path::new("t.yaml"), yaml.as_bytes(), &small_limits())
            .unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        prop_assert_eq!(shape(&from_json.root), shape(&from_yaml.root), "{}", yaml);
    }
}

/// A template-like value: maps with distinct identifier keys, lists, string scalars.
#[derive(Debug, Clone)]
enum Tree {
    Str(String),
    List(Vec<Tree>),
    Map(Vec<(String, Tree)>),
}

fn tree(depth: u32) -> impl Strategy<Value = Tree> {
    let leaf = "[a-zA-Z0-9 :/*.${}-]{0,16}".prop_map(Tree::Str);
    leaf.prop_recursive(depth, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..5).prop_map(Tree::List),
            prop::collection::btree_map("[A-Z][a-zA-Z0-9]{0,8}", inner, 1..5)
                .prop_map(|m| Tree::Map(m.into_iter().collect())),
        ]
    })
}

impl Tree {
    fn to_json(&self) -> serde_json::Value {
        match self {
            Tree::Str(s) => serde_json::Value::String(s.clone()),
            Tree::List(v) => serde_json::Value::Array(v.iter().map(Tree::to_json).collect()),
            Tree::Map(m) => {
                serde_json::Value::Object(m.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
        }
    }

    /// Block-style YAML at `indent` levels (strings double-quoted: always strings).
    fn to_yaml(&self, indent: usize) -> String {
        let pad = "  ".repeat(indent);
        match self {
            Tree::Str(s) => format!("{pad}{}", serde_json::to_string(s).unwrap()),
            Tree::List(v) => v
                .iter()
                .map(|t| match t {
                    Tree::Str(_) => format!("{pad}- {}", t.to_yaml(0)),
                    _ => format!("{pad}-\n{}", t.to_yaml(indent + 1)),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Tree::Map(m) => m
                .iter()
                .map(|(k, t)| match t {
                    Tree::Str(_) => format!("{pad}{k}: {}", t.to_yaml(0)),
                    _ => format!("{pad}{k}:\n{}", t.to_yaml(indent + 1)),
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

/// The tree without positions: what both formats must agree on.
#[derive(Debug, PartialEq)]
enum Shape {
    Scalar(String),
    Seq(Vec<Shape>),
    Map(Vec<(String, Shape)>),
}

fn shape(n: &Node) -> Shape {
    match &n.kind {
        NodeKind::Scalar(s) => Shape::Scalar(s.raw.clone()),
        NodeKind::Seq(items) => Shape::Seq(items.iter().map(shape).collect()),
        NodeKind::Map(entries) => Shape::Map(
            entries
                .iter()
                .map(|e| (e.key.clone(), shape(&e.value)))
                .collect(),
        ),
    }
}
