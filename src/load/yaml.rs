//! YAML front-end: builds our spanned [`Node`] tree from `saphyr-parser` events.
//!
//! Done here rather than in a YAML DOM crate so that we control exactly what CloudFormation
//! cares about: short-form tags become long form, scalars keep their raw text and style,
//! duplicate keys are a diagnostic (last wins), aliases are expanded under a node budget
//! counted *before* cloning, and nesting is capped without recursion.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle as YStyle, ScanError, Span as YSpan, Tag};

use super::build::{MapBuilder, Positions};
use super::{
    Diagnostic, Entry, Limits, LoadErrorKind, Node, NodeKind, Pos, Scalar, ScalarStyle,
    ScalarValue, Span, scalar,
};

type Fail = (Pos, LoadErrorKind);

/// Intrinsic functions with a YAML short form `!Name`, written long-form as `Fn::Name`.
const FN_TAGS: &[&str] = &[
    "Base64",
    "Cidr",
    "FindInMap",
    "GetAtt",
    "GetAZs",
    "ImportValue",
    "Join",
    "Select",
    "Split",
    "Sub",
    "Transform",
    "If",
    "Equals",
    "And",
    "Or",
    "Not",
    "ToJsonString",
    "Length",
    // Rules-section functions (`Rules:` assertions), also written `Fn::Name`.
    "Contains",
    "EachMemberEquals",
    "EachMemberIn",
    "RefAll",
    "ValueOf",
    "ValueOfAll",
];

/// How many times `key:<TAB>value` is patched and re-parsed before giving up (see [`parse`]).
const MAX_TAB_RETRIES: usize = 100;

pub(super) fn parse(text: &str, limits: &Limits) -> Result<(Node, Vec<Diagnostic>), Fail> {
    let (positions, body) = Positions::new(text);
    // saphyr rejects `Key:<TAB>value` (a tab after `:` followed by a letter or `-`), which
    // YAML 1.2 and PyYAML (cfn-lint, aws-cli) accept. Replacing that one tab by a space keeps
    // every offset the same, so we patch and re-parse, and say so in a diagnostic.
    let mut patched: Option<String> = None;
    let mut tab_fixes: Vec<usize> = Vec::new();
    loop {
        let src = patched.as_deref().unwrap_or(body);
        match Builder::new(src, &positions, limits).run() {
            Ok((root, mut diags)) => {
                for at in tab_fixes {
                    diags.push(Diagnostic {
                        span: positions.span(at, at + 1),
                        message: "tab character after `:`; read as a space (some YAML parsers reject this)".into(),
                    });
                }
                return Ok((root, diags));
            }
            Err(BuildError::Scan(e)) => {
                let chars = CharBytes::new(src);
                let at = chars.byte(e.marker().index());
                let fix = e
                    .info()
                    .contains("':' must be followed by a valid YAML whitespace")
                    && tab_fixes.len() < MAX_TAB_RETRIES;
                if let Some(tab) = fix.then(|| tab_before(src, at)).flatten() {
                    let mut owned = src.to_string();
                    owned.replace_range(tab..tab + 1, " ");
                    patched = Some(owned);
                    tab_fixes.push(tab);
                    continue;
                }
                return Err(scan_failure(&e, src, at, &positions));
            }
            Err(BuildError::Fail(f)) => return Err(f),
        }
    }
}

/// The byte offset of the tab in the blank run just before `at`, if any.
fn tab_before(src: &str, at: usize) -> Option<usize> {
    let head = src.get(..at)?;
    let blank = head.len() - head.trim_end_matches([' ', '\t']).len();
    head[head.len() - blank..]
        .rfind('\t')
        .map(|i| head.len() - blank + i)
}

fn scan_failure(e: &ScanError, src: &str, at: usize, positions: &Positions<'_>) -> Fail {
    let info = e.info();
    // Tab errors are sometimes reported at the start of the construct (`|`); point at the
    // tab itself when it is on this line or the next.
    let at = match src.get(at..) {
        Some(rest) if info.contains("tab") => {
            let window = rest
                .char_indices()
                .filter(|&(_, c)| c == '\n')
                .nth(1)
                .map_or(rest.len(), |(i, _)| i);
            rest[..window].find('\t').map_or(at, |i| at + i)
        }
        _ => at,
    };
    let pos = positions.pos(at);
    if info.contains("recursion limit exceeded") {
        // saphyr caps flow nesting at 255 levels.
        return (pos, LoadErrorKind::TooDeep(255));
    }
    let mut msg = format!("invalid YAML: {info}");
    if info.contains("tab") {
        msg.push_str(" (a tab character caused this; YAML indentation must use spaces)");
    }
    (pos, LoadErrorKind::Syntax(msg))
}

/// Converts saphyr's char indices to byte offsets. Markers arrive nearly in order, so a
/// cursor that walks from its last position is cheap; ASCII text needs no walk at all.
struct CharBytes<'a> {
    text: &'a str,
    ascii: bool,
    cursor: std::cell::Cell<(usize, usize)>,
}

impl<'a> CharBytes<'a> {
    fn new(text: &'a str) -> Self {
        CharBytes {
            text,
            ascii: text.is_ascii(),
            cursor: std::cell::Cell::new((0, 0)),
        }
    }

    fn byte(&self, char_idx: usize) -> usize {
        if self.ascii {
            return char_idx.min(self.text.len());
        }
        let (mut c, mut b) = self.cursor.get();
        if char_idx < c {
            // Walk back; restart from 0 if that is shorter.
            if char_idx < c - char_idx {
                (c, b) = (0, 0);
            } else {
                for ch in self.text[..b].chars().rev() {
                    if c == char_idx {
                        break;
                    }
                    c -= 1;
                    b -= ch.len_utf8();
                }
            }
        }
        for ch in self.text[b..].chars() {
            if c >= char_idx {
                break;
            }
            c += 1;
            b += ch.len_utf8();
        }
        self.cursor.set((c, b));
        b
    }
}

enum BuildError {
    Scan(ScanError),
    Fail(Fail),
}

impl From<ScanError> for BuildError {
    fn from(e: ScanError) -> Self {
        BuildError::Scan(e)
    }
}

/// A node being built, with the number of nodes in it (for the alias budget).
struct Built {
    node: Node,
    count: usize,
}

/// A collection still open on the builder's explicit stack (no recursion, so depth is only
/// limited by `max_depth`).
struct Frame {
    start: Pos,
    /// End of the start token (`[`, `{`, or the tag), for collections with no children.
    head_end: Pos,
    tag: Option<Tag>,
    anchor: usize,
    count: usize,
    last_end: Option<Pos>,
    kind: FrameKind,
}

enum FrameKind {
    Seq(Vec<Node>),
    Map(MapFrame),
}

#[derive(Default)]
struct MapFrame {
    map: MapBuilder,
    /// The key waiting for its value: text, span, and whether it is a merge key `<<`.
    key: Option<(String, Span, bool)>,
    /// Entries brought in by `<<` merge keys, earlier sources first.
    merged: Vec<Entry>,
    /// Slot where merged entries are spliced in (the position of the first `<<`).
    merge_at: Option<usize>,
}

struct Builder<'a> {
    src: &'a str,
    chars: CharBytes<'a>,
    positions: &'a Positions<'a>,
    limits: &'a Limits,
    diags: Vec<Diagnostic>,
    anchors: HashMap<usize, Built>,
    alias_nodes: usize,
    /// Nodes copied into `anchors` so far.
    anchor_nodes: usize,
    told_about_aliases: bool,
    stack: Vec<Frame>,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str, positions: &'a Positions<'a>, limits: &'a Limits) -> Self {
        Builder {
            src,
            chars: CharBytes::new(src),
            positions,
            limits,
            diags: Vec::new(),
            anchors: HashMap::new(),
            alias_nodes: 0,
            anchor_nodes: 0,
            told_about_aliases: false,
            stack: Vec::new(),
        }
    }

    fn pos(&self, m: saphyr_parser::Marker) -> Pos {
        self.positions.pos(self.chars.byte(m.index()))
    }

    fn span(&self, s: YSpan) -> Span {
        Span {
            start: self.pos(s.start),
            end: self.pos(s.end),
        }
    }

    fn run(mut self) -> Result<(Node, Vec<Diagnostic>), BuildError> {
        let mut parser = Parser::new_from_str(self.src);
        let mut root: Option<Node> = None;
        let mut docs = 0;
        while let Some(ev) = parser.next_event() {
            let (ev, yspan) = ev?;
            match ev {
                Event::StreamStart | Event::Nothing | Event::DocumentEnd => {}
                Event::StreamEnd => break,
                Event::DocumentStart(_) => {
                    docs += 1;
                    if docs > 1 {
                        let span = self.span(yspan);
                        self.diags.push(Diagnostic {
                            span,
                            message: format!(
                                "the file holds more than one YAML document; only the first is read (the next starts at line {})",
                                span.start.line
                            ),
                        });
                        break;
                    }
                }
                Event::Alias(id) => {
                    let span = self.span(yspan);
                    let built = self.alias(id, span)?;
                    self.complete(built, &mut root)?;
                }
                Event::Scalar(value, style, anchor, tag) => {
                    let span = self.span(yspan);
                    let built =
                        self.scalar(value.into_owned(), style, tag.map(|t| t.into_owned()), span);
                    if anchor > 0 {
                        self.keep_anchor(anchor, &built)?;
                    }
                    self.complete(built, &mut root)?;
                }
                Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                    let tag = tag.as_ref().map(|t| t.clone().into_owned());
                    let span = self.span(yspan);
                    if self.stack.len() >= self.limits.max_depth {
                        return Err(BuildError::Fail((
                            span.start,
                            LoadErrorKind::TooDeep(self.limits.max_depth),
                        )));
                    }
                    let kind = match ev {
                        Event::SequenceStart(..) => FrameKind::Seq(Vec::new()),
                        _ => FrameKind::Map(MapFrame::default()),
                    };
                    self.stack.push(Frame {
                        start: span.start,
                        head_end: span.end,
                        tag,
                        anchor,
                        count: 1,
                        last_end: None,
                        kind,
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let end_span = self.span(yspan);
                    let Some(frame) = self.stack.pop() else {
                        continue;
                    };
                    let built = self.close(frame, end_span)?;
                    self.complete(built, &mut root)?;
                }
            }
        }
        // An empty document (or file) is a null at 1:1.
        let root = root.unwrap_or_else(|| {
            let at = self.positions.pos(0);
            Node {
                kind: NodeKind::Scalar(Scalar {
                    raw: String::new(),
                    style: ScalarStyle::Plain,
                    value: ScalarValue::Null,
                }),
                span: Span { start: at, end: at },
            }
        });
        Ok((root, self.diags))
    }

    fn note_alias_use(&mut self, span: Span) {
        if !self.told_about_aliases {
            self.told_about_aliases = true;
            self.diags.push(Diagnostic {
                span,
                message: "YAML aliases and merge keys (`*name`, `<<`) are expanded here, but CloudFormation rejects them \
                          unless the template is packaged first (e.g. `aws cloudformation package`)"
                    .into(),
            });
        }
    }

    /// Expand `*name` by cloning the anchored node, after checking the budget with the
    /// stored size so a billion-laughs document fails before anything big is allocated.
    fn alias(&mut self, id: usize, span: Span) -> Result<Built, BuildError> {
        self.note_alias_use(span);
        let Some(anchored) = self.anchors.get(&id) else {
            return Err(BuildError::Fail((
                span.start,
                LoadErrorKind::Syntax(
                    "invalid YAML: alias to an anchor that is not complete yet".into(),
                ),
            )));
        };
        self.alias_nodes = self.alias_nodes.saturating_add(anchored.count);
        if self.alias_nodes > self.limits.max_alias_nodes {
            return Err(BuildError::Fail((
                span.start,
                LoadErrorKind::AliasLimit(self.limits.max_alias_nodes),
            )));
        }
        let mut node = anchored.node.clone();
        // The copy sits where the alias is written (its children keep the anchor's spans).
        node.span = span;
        Ok(Built {
            node,
            count: anchored.count,
        })
    }

    /// Keep a copy of an anchored node for later aliases. Nested anchors copy the same
    /// nodes again, so the copies get a budget too (generous: ten times the alias budget).
    fn keep_anchor(&mut self, id: usize, built: &Built) -> Result<(), BuildError> {
        self.anchor_nodes = self.anchor_nodes.saturating_add(built.count);
        if self.anchor_nodes > self.limits.max_alias_nodes.saturating_mul(10) {
            let at = built.node.span.start;
            return Err(BuildError::Fail((
                at,
                LoadErrorKind::AliasLimit(self.limits.max_alias_nodes),
            )));
        }
        self.anchors.insert(
            id,
            Built {
                node: built.node.clone(),
                count: built.count,
            },
        );
        Ok(())
    }

    fn scalar(&mut self, raw: String, ystyle: YStyle, tag: Option<Tag>, span: Span) -> Built {
        let style = match ystyle {
            YStyle::Plain => ScalarStyle::Plain,
            YStyle::SingleQuoted | YStyle::DoubleQuoted => ScalarStyle::Quoted,
            YStyle::Literal | YStyle::Folded => ScalarStyle::Block,
        };
        let mut value = scalar::resolve(&raw, style);
        let mut tag = tag;
        if let Some(t) = &tag {
            if t.is_yaml_core_schema() {
                value = self.core_scalar(&raw, style, t, span).unwrap_or(value);
                tag = None;
            } else if t.handle.is_empty() && t.suffix == "!" {
                // `! text`: the non-specific tag means "a string".
                value = ScalarValue::Str;
                tag = None;
            }
        }
        let node = Node {
            kind: NodeKind::Scalar(Scalar { raw, style, value }),
            span,
        };
        match tag {
            None => Built { node, count: 1 },
            Some(t) => self.apply_tag(&t, node, 1, span),
        }
    }

    /// `!!str`, `!!int`, ... force the type; a value that does not fit keeps its own type.
    fn core_scalar(
        &mut self,
        raw: &str,
        style: ScalarStyle,
        tag: &Tag,
        span: Span,
    ) -> Option<ScalarValue> {
        let plain = scalar::resolve(raw, ScalarStyle::Plain);
        let forced = match tag.suffix.as_str() {
            "str" | "binary" | "timestamp" => Some(ScalarValue::Str),
            "int" => matches!(plain, ScalarValue::Int(_)).then_some(plain),
            "float" => match plain {
                ScalarValue::Int(i) => Some(ScalarValue::Float(i as f64)),
                ScalarValue::Float(_) => Some(plain),
                _ => None,
            },
            "bool" => matches!(plain, ScalarValue::Bool(_)).then_some(plain),
            "null" => matches!(plain, ScalarValue::Null).then_some(plain),
            _ => None,
        };
        if forced.is_none() {
            self.diags.push(Diagnostic {
                span,
                message: format!(
                    "tag !!{} does not fit the {} value `{raw}`; the tag is ignored",
                    tag.suffix,
                    style_name(style)
                ),
            });
        }
        forced
    }

    /// Short-form intrinsic tags become their long form; anything else is reported and dropped.
    fn apply_tag(&mut self, tag: &Tag, node: Node, count: usize, span: Span) -> Built {
        let name = tag.suffix.as_str();
        let local = tag.handle == "!";
        let key = match name {
            "Ref" | "Condition" if local => name.to_string(),
            _ if local && FN_TAGS.contains(&name) => format!("Fn::{name}"),
            _ => {
                if !tag.is_yaml_core_schema() || !matches!(name, "seq" | "map") {
                    self.diags.push(Diagnostic {
                        span,
                        message: if tag.is_yaml_core_schema() {
                            format!(
                                "tag {} does not fit this value; the tag is ignored",
                                tag_name(tag)
                            )
                        } else {
                            format!("unknown tag {}; the value is read untagged", tag_name(tag))
                        },
                    });
                }
                return Built { node, count };
            }
        };
        let node = if name == "GetAtt" {
            split_getatt(node)
        } else {
            node
        };
        // The key's span covers the tag text when the node starts with it.
        let tag_text = format!("!{name}");
        let key_end = if self.src_at(span.start).starts_with(&tag_text) {
            Pos {
                col: span.start.col + tag_text.chars().count() as u32,
                byte: span.start.byte + tag_text.len() as u32,
                ..span.start
            }
        } else {
            span.start
        };
        let entry = Entry {
            key,
            key_span: Span {
                start: span.start,
                end: key_end,
            },
            value: node,
        };
        Built {
            node: Node {
                kind: NodeKind::Map(vec![entry]),
                span,
            },
            count: count + 1,
        }
    }

    fn src_at(&self, p: Pos) -> &str {
        let shift = self.positions.pos(0).byte as usize;
        self.src
            .get((p.byte as usize).saturating_sub(shift)..)
            .unwrap_or("")
    }

    fn close(&mut self, frame: Frame, end_span: Span) -> Result<Built, BuildError> {
        // Flow collections end at their bracket; block ones at their last child.
        let end = if end_span.end.byte > end_span.start.byte {
            end_span.end
        } else {
            frame.last_end.unwrap_or(frame.head_end)
        };
        let span = Span {
            start: frame.start,
            end,
        };
        let kind = match frame.kind {
            FrameKind::Seq(items) => NodeKind::Seq(items),
            FrameKind::Map(m) => {
                if let Some((key, key_span, _)) = m.key {
                    // Cannot happen with saphyr (it emits an empty value), but do not lose the key.
                    let mut map = m.map;
                    let value = null_at(key_span.end);
                    map.insert(
                        Entry {
                            key,
                            key_span,
                            value,
                        },
                        &mut self.diags,
                    );
                    NodeKind::Map(map.finish(usize::MAX, m.merged))
                } else {
                    // Explicit keys override merged ones, silently (that is what `<<` is for).
                    let mut seen = std::collections::HashSet::new();
                    let extra: Vec<Entry> = m
                        .merged
                        .into_iter()
                        .filter(|e| !m.map.contains(&e.key) && seen.insert(e.key.clone()))
                        .collect();
                    NodeKind::Map(m.map.finish(m.merge_at.unwrap_or(usize::MAX), extra))
                }
            }
        };
        let node = Node { kind, span };
        let built = match &frame.tag {
            Some(t) => self.apply_tag(t, node, frame.count, span),
            None => Built {
                node,
                count: frame.count,
            },
        };
        if frame.anchor > 0 {
            self.keep_anchor(frame.anchor, &built)?;
        }
        Ok(built)
    }

    /// Hand a finished node to its parent (or make it the root).
    fn complete(&mut self, built: Built, root: &mut Option<Node>) -> Result<(), BuildError> {
        let Some(frame) = self.stack.last_mut() else {
            if root.is_none() {
                *root = Some(built.node);
            }
            return Ok(());
        };
        frame.count = frame.count.saturating_add(built.count);
        frame.last_end = Some(built.node.span.end);
        match &mut frame.kind {
            FrameKind::Seq(items) => items.push(built.node),
            FrameKind::Map(m) => match m.key.take() {
                None => {
                    let node = built.node;
                    let Some(s) = node.as_scalar() else {
                        return Err(BuildError::Fail((
                            node.span.start,
                            LoadErrorKind::Syntax(
                                "invalid YAML: mapping key must be a scalar (a list, map or tagged value was used as a key)"
                                    .into(),
                            ),
                        )));
                    };
                    let merge = s.raw == "<<" && s.style == ScalarStyle::Plain;
                    m.key = Some((s.raw.clone(), node.span, merge));
                }
                Some((key, key_span, true)) => {
                    // `<<: *a` or `<<: [*a, *b]`: bring in the entries of those maps.
                    let sources: Vec<Node> = match built.node.kind {
                        NodeKind::Map(_) => vec![built.node],
                        NodeKind::Seq(items) if items.iter().all(Node::is_map) => items,
                        kind => {
                            // Not a merge after all: keep it as an ordinary `<<` key.
                            let value = Node {
                                kind,
                                span: built.node.span,
                            };
                            m.map.insert(
                                Entry {
                                    key,
                                    key_span,
                                    value,
                                },
                                &mut self.diags,
                            );
                            return Ok(());
                        }
                    };
                    m.merge_at.get_or_insert(m.map.slot_count());
                    for src in sources {
                        if let NodeKind::Map(entries) = src.kind {
                            m.merged.extend(entries);
                        }
                    }
                    self.note_alias_use(key_span);
                }
                Some((key, key_span, false)) => {
                    m.map.insert(
                        Entry {
                            key,
                            key_span,
                            value: built.node,
                        },
                        &mut self.diags,
                    );
                }
            },
        }
        Ok(())
    }
}

fn null_at(p: Pos) -> Node {
    Node {
        kind: NodeKind::Scalar(Scalar {
            raw: String::new(),
            style: ScalarStyle::Plain,
            value: ScalarValue::Null,
        }),
        span: Span { start: p, end: p },
    }
}

/// How the author wrote the tag: `!Name`, `!!str`, or the full `!<uri>` form.
fn tag_name(tag: &Tag) -> String {
    if tag.is_yaml_core_schema() {
        format!("!!{}", tag.suffix)
    } else if tag.handle == "!" {
        format!("!{}", tag.suffix)
    } else {
        format!("!<{}{}>", tag.handle, tag.suffix)
    }
}

fn style_name(style: ScalarStyle) -> &'static str {
    match style {
        ScalarStyle::Plain => "plain",
        ScalarStyle::Quoted => "quoted",
        ScalarStyle::Block => "block",
    }
}

/// `!GetAtt Res.Attr.Sub` → `[Res, Attr.Sub]`: split on the first dot only (attribute names
/// such as `Outputs.X` contain dots). Lists and dot-less scalars are left as written.
fn split_getatt(node: Node) -> Node {
    let NodeKind::Scalar(s) = &node.kind else {
        return node;
    };
    let Some((res, attr)) = s.raw.split_once('.') else {
        return node;
    };
    let part = |raw: &str| Node {
        kind: NodeKind::Scalar(Scalar {
            raw: raw.to_string(),
            style: s.style,
            value: ScalarValue::Str,
        }),
        span: node.span,
    };
    Node {
        kind: NodeKind::Seq(vec![part(res), part(attr)]),
        span: node.span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

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

    fn at<'n>(node: &'n Node, path: &[&str]) -> &'n Node {
        let mut n = node;
        for p in path {
            n = match p.parse::<usize>() {
                Ok(i) => n
                    .items()
                    .get(i)
                    .unwrap_or_else(|| panic!("no item {i} in {n:?}")),
                Err(_) => n.get(p).unwrap_or_else(|| panic!("no key {p} in {n:?}")),
            };
        }
        n
    }

    fn s(node: &Node) -> String {
        node.as_str()
            .unwrap_or_else(|| panic!("not a scalar: {node:?}"))
    }

    #[test]
    fn short_forms_become_long_form() {
        let (root, diags) = load(
            "A: !Ref Name\n\
             B: !GetAtt Stack.Outputs.X\n\
             C: !GetAtt [Res, Arn]\n\
             D: !Sub 'arn:${AWS::Partition}:s3'\n\
             E: !Sub\n  - '${X}-y'\n  - X: !Ref Z\n\
             F: !If [Cond, !Join ['', [a, !Ref B]], !Ref AWS::NoValue]\n\
             G: !Condition IsProd\n\
             H: !Base64 x\n\
             I: !ToJsonString {a: 1}\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(s(at(&root, &["A", "Ref"])), "Name");
        assert_eq!(s(at(&root, &["B", "Fn::GetAtt", "0"])), "Stack");
        assert_eq!(s(at(&root, &["B", "Fn::GetAtt", "1"])), "Outputs.X");
        assert_eq!(at(&root, &["B", "Fn::GetAtt"]).items().len(), 2);
        assert_eq!(s(at(&root, &["C", "Fn::GetAtt", "1"])), "Arn");
        assert_eq!(s(at(&root, &["D", "Fn::Sub"])), "arn:${AWS::Partition}:s3");
        assert_eq!(s(at(&root, &["E", "Fn::Sub", "0"])), "${X}-y");
        assert_eq!(s(at(&root, &["E", "Fn::Sub", "1", "X", "Ref"])), "Z");
        assert_eq!(
            s(at(
                &root,
                &["F", "Fn::If", "1", "Fn::Join", "1", "1", "Ref"]
            )),
            "B"
        );
        assert_eq!(s(at(&root, &["F", "Fn::If", "2", "Ref"])), "AWS::NoValue");
        assert_eq!(s(at(&root, &["G", "Condition"])), "IsProd");
        assert_eq!(s(at(&root, &["H", "Fn::Base64"])), "x");
        assert_eq!(s(at(&root, &["I", "Fn::ToJsonString", "a"])), "1");
        let (name, _) = at(&root, &["F"]).intrinsic().expect("intrinsic");
        assert_eq!(name, "Fn::If");
    }

    #[test]
    fn spans_of_nodes_keys_and_tags() {
        let text = "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      Name: !Ref N\n      Tags: [a, b]\n";
        let (root, _) = load(text);
        let props = at(&root, &["Resources", "Bucket", "Properties"]);
        let name = at(props, &["Name"]);
        // The wrapper map starts at the tag; its key spans `!Ref`.
        assert_eq!((name.span.start.line, name.span.start.col), (5, 13));
        assert_eq!(
            name.span.start.byte as usize,
            text.find("!Ref").unwrap_or(0)
        );
        let e = &name.entries()[0];
        assert_eq!(e.key_span.end.col - e.key_span.start.col, 4);
        let ty = at(&root, &["Resources", "Bucket"])
            .entry("Type")
            .expect("Type");
        assert_eq!((ty.key_span.start.line, ty.key_span.start.col), (3, 5));
        assert_eq!((ty.value.span.start.col, ty.value.span.end.col), (11, 26));
        let tags = at(props, &["Tags"]);
        assert_eq!((tags.span.start.col, tags.span.end.col), (13, 19));
        // Block mapping ends at its last child, not at the next line.
        let bucket = at(&root, &["Resources", "Bucket"]);
        assert_eq!((bucket.span.start.line, bucket.span.end.line), (3, 6));
    }

    #[test]
    fn unicode_and_bom_positions() {
        let text = "\u{feff}a: é\nb: ü\n";
        let (root, _) = load(text);
        let b = root.entry("b").expect("b");
        assert_eq!((b.key_span.start.line, b.key_span.start.col), (2, 1));
        assert_eq!(b.key_span.start.byte as usize, text.find("b:").unwrap_or(0));
        let v = at(&root, &["b"]);
        assert_eq!(v.span.start.byte as usize, text.find('ü').unwrap_or(0));
        assert_eq!(at(&root, &["a"]).span.start.col, 4);
    }

    #[test]
    fn anchors_and_merge_with_override() {
        let text = "base: &base\n  A: 1\n  B: 2\nother: &o {C: 3}\nm:\n  <<: [*base, *o]\n  B: 20\nlist: *base\n";
        let (root, diags) = load(text);
        let m = at(&root, &["m"]);
        assert_eq!(s(at(m, &["A"])), "1");
        assert_eq!(s(at(m, &["B"])), "20");
        assert_eq!(s(at(m, &["C"])), "3");
        assert_eq!(m.entries().len(), 3);
        assert!(m.get("<<").is_none());
        assert_eq!(s(at(&root, &["list", "B"])), "2");
        assert!(
            !diags.iter().any(|d| d.message.contains("duplicate")),
            "{diags:?}"
        );
        let alias_notes = diags
            .iter()
            .filter(|d| d.message.contains("CloudFormation rejects"))
            .count();
        assert_eq!(alias_notes, 1, "{diags:?}");
    }

    #[test]
    fn merge_override_before_merge_key() {
        let (root, diags) = load("a: &a {X: 1, Y: 2}\nb:\n  X: 9\n  <<: *a\n");
        assert_eq!(s(at(&root, &["b", "X"])), "9");
        assert_eq!(s(at(&root, &["b", "Y"])), "2");
        assert!(!diags.iter().any(|d| d.message.contains("duplicate")));
    }

    #[test]
    fn duplicate_keys_last_wins() {
        let (root, diags) = load("Resources:\n  A: 1\n  B: 2\n  A: 3\n");
        let r = at(&root, &["Resources"]);
        let keys: Vec<_> = r.entries().iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["B", "A"]);
        assert_eq!(s(at(r, &["A"])), "3");
        assert_eq!(diags.len(), 1);
        assert!(
            diags[0].message.contains("line 4:3") && diags[0].message.contains("first at line 2:3"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn billion_laughs_fails_fast() {
        let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..=9 {
            let refs = vec![format!("*a{}", i - 1); 9].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let t = Instant::now();
        let (pos, kind) = fail(&text);
        assert_eq!(kind, LoadErrorKind::AliasLimit(100_000));
        assert!(pos.line >= 6, "{pos:?}");
        assert!(
            t.elapsed() < Duration::from_secs(2),
            "took {:?}",
            t.elapsed()
        );
    }

    #[test]
    fn one_line_flow_is_not_quadratic() {
        let body: Vec<String> = (0..20_000)
            .map(|i| format!("R{i}: {{Type: é, P: !Ref X}}"))
            .collect();
        let text = format!("Resources: {{{}}}\n", body.join(", "));
        let t = Instant::now();
        let (root, _) = load(&text);
        assert!(
            t.elapsed() < Duration::from_secs(5),
            "took {:?}",
            t.elapsed()
        );
        let last = at(&root, &["Resources"]).entry("R19999").expect("R19999");
        let col = text[..text.find("R19999").unwrap_or(0)].chars().count() as u32 + 1;
        assert_eq!(last.key_span.start.col, col);
    }

    #[test]
    fn nested_anchors_are_bounded() {
        // 200 nested anchored flow lists of 600 scalars each, no alias at all: every anchor
        // copies its whole subtree (12 million nodes in total), so the copies are budgeted.
        let mut text = String::from("a: ");
        for i in 0..200 {
            text.push_str(&format!("&a{i} [{}", "x, ".repeat(600)));
        }
        text.push_str(&"]".repeat(200));
        let t = Instant::now();
        assert!(matches!(fail(&text).1, LoadErrorKind::AliasLimit(_)));
        assert!(
            t.elapsed() < Duration::from_secs(5),
            "took {:?}",
            t.elapsed()
        );
    }

    #[test]
    fn deep_nesting_fails_without_overflow() {
        let block: String = (0..10_000)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect();
        assert_eq!(fail(&block).1, LoadErrorKind::TooDeep(256));
        let flow = format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(matches!(fail(&flow).1, LoadErrorKind::TooDeep(_)));
        let seqs = "- ".repeat(10_000) + "x\n";
        assert_eq!(fail(&seqs).1, LoadErrorKind::TooDeep(256));
    }

    #[test]
    fn syntax_error_position() {
        let (pos, kind) = fail("a: 1\nb: 2\nc: [1, 2\nd: 4\n");
        assert!(pos.line >= 3, "{pos:?} {kind}");
        assert!(kind.to_string().starts_with("invalid YAML"));
        let (pos, kind) = fail("a: 'x\n");
        assert!(pos.line >= 1 && pos.col >= 1, "{pos:?} {kind}");
        let (pos, _) = fail("a: b\n c: d\n");
        assert_eq!(pos.line, 2);
    }

    #[test]
    fn tabs() {
        // Tab after `:`: accepted (read as a space) with a diagnostic pointing at it.
        let (root, diags) = load("Parameters:\n  Acl:\n    Default:\tprivate\n");
        assert_eq!(s(at(&root, &["Parameters", "Acl", "Default"])), "private");
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].span.start.line, diags[0].span.start.col), (3, 13));
        // Tab indentation is an error that names the tab and where it is.
        let (pos, kind) = fail("a:\n\tb: 1\n");
        assert_eq!(pos.line, 2);
        assert!(kind.to_string().contains("tab character"), "{kind}");
        let (pos, kind) = fail("a: |\n\tx\n");
        assert_eq!((pos.line, pos.col), (2, 1), "{kind}");
        assert!(kind.to_string().contains("tab character"), "{kind}");
    }

    #[test]
    fn yaml11_scalars() {
        let (root, _) = load(
            "a: yes\nb: No\nc: 0755\nd: 2010-09-09\ne: '0755'\nf: |\n  yes\ng: ~\nh: !!str 12\ni: !!int '12'\n",
        );
        let v = |k: &str| at(&root, &[k]).as_scalar().map(|s| s.value.clone());
        assert_eq!(v("a"), Some(ScalarValue::Bool(true)));
        assert_eq!(v("b"), Some(ScalarValue::Bool(false)));
        assert_eq!(v("c"), Some(ScalarValue::Int(493)));
        assert_eq!(s(at(&root, &["c"])), "493");
        assert_eq!(v("d"), Some(ScalarValue::Str));
        assert_eq!(s(at(&root, &["d"])), "2010-09-09");
        assert_eq!(v("e"), Some(ScalarValue::Str));
        assert_eq!(
            at(&root, &["f"]).as_scalar().map(|s| s.style),
            Some(ScalarStyle::Block)
        );
        assert_eq!(v("f"), Some(ScalarValue::Str));
        assert_eq!(v("g"), Some(ScalarValue::Null));
        assert_eq!(v("h"), Some(ScalarValue::Str));
        assert_eq!(v("i"), Some(ScalarValue::Int(12)));
    }

    #[test]
    fn odd_intrinsic_shapes_do_not_panic() {
        let (root, diags) = load(
            "a: !GetAtt\nb: !GetAtt NoDot\nc: !Ref [x, y]\nd: !If\ne: !Sub {a: b}\nf: !GetAtt .\ng: !Unknown x\nh: !Ref\n",
        );
        assert_eq!(s(at(&root, &["b", "Fn::GetAtt"])), "NoDot");
        assert_eq!(at(&root, &["c", "Ref"]).items().len(), 2);
        assert_eq!(at(&root, &["f", "Fn::GetAtt"]).items().len(), 2);
        assert_eq!(s(at(&root, &["g"])), "x");
        assert!(
            diags
                .iter()
                .any(|d| d.message.contains("unknown tag !Unknown")),
            "{diags:?}"
        );
        assert!(at(&root, &["h", "Ref"]).as_scalar().is_some());
        let (root, diags) = load("a: !!str [x]\nb: !Contains [[a], !Ref P]\n");
        assert!(
            diags
                .iter()
                .any(|d| d.message.contains("tag !!str does not fit")),
            "{diags:?}"
        );
        assert_eq!(at(&root, &["a"]).items().len(), 1);
        assert_eq!(s(at(&root, &["b", "Fn::Contains", "1", "Ref"])), "P");
    }

    #[test]
    fn complex_key_is_an_error() {
        let (pos, kind) = fail("a: 1\n? [x, y]\n: v\n");
        assert_eq!(pos.line, 2);
        assert!(kind.to_string().contains("mapping key must be a scalar"));
        let (_, kind) = fail("{[a]: 1}\n");
        assert!(kind.to_string().contains("mapping key must be a scalar"));
    }

    #[test]
    fn documents() {
        let (root, diags) = load("");
        assert_eq!(
            root.as_scalar().map(|s| s.value.clone()),
            Some(ScalarValue::Null)
        );
        assert_eq!((root.span.start.line, root.span.start.col), (1, 1));
        assert!(diags.is_empty());
        let (root, diags) = load("# only a comment\n");
        assert!(root.as_scalar().is_some() && diags.is_empty());
        let (root, diags) = load("a: 1\n---\nb: 2\n");
        assert!(root.get("a").is_some() && root.get("b").is_none());
        assert!(
            diags.iter().any(
                |d| d.message.contains("more than one YAML document") && d.span.start.line == 2
            )
        );
    }
}
