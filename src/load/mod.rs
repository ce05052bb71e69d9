//! load: JSON and YAML bytes into one [`Node`] tree where every node knows its source span.
//!
//! YAML short-form tags become their long form here (`!Ref x` → `{Ref: x}`), so later
//! stages see one shape whatever the input format. Scalars keep their raw text and style;
//! [`scalar::resolve`] is the one place that decides what a plain scalar means.

mod build;
mod json;
pub mod scalar;
mod yaml;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use scalar::ScalarValue;

/// A position in a source file. `line` and `col` are 1-based; `col` counts Unicode
/// scalar values (SARIF `columnKind: unicodeCodePoints`). `byte` is a 0-based byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
    pub byte: u32,
}

/// A source range: `start` inclusive, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

/// How a scalar was written. Only plain scalars get YAML 1.1 type resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    Quoted,
    /// `|` or `>` block scalars: always strings.
    Block,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The scalar's text as the author wrote it (after YAML/JSON unescaping).
    pub raw: String,
    pub style: ScalarStyle,
    /// What CloudFormation reads it as (see [`scalar::resolve`]).
    pub value: ScalarValue,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    /// Keys are unique: on a duplicate key the last entry wins (as CloudFormation deploys
    /// it) and a [`Diagnostic`] names both places.
    Map(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        match &self.kind {
            NodeKind::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The scalar as a string the way CloudFormation would stringify it
    /// (`true`, `493` for `0755`, the raw text otherwise).
    pub fn as_str(&self) -> Option<String> {
        self.as_scalar().map(|s| s.value.to_cfn_string(&s.raw))
    }

    /// A scalar's text as written, for names (`!If [On, ...]`, `!Ref No`): a condition or
    /// resource called `On` is a name, not the YAML 1.1 boolean.
    pub fn as_name(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.raw.as_str())
    }

    pub fn is_map(&self) -> bool {
        matches!(self.kind, NodeKind::Map(_))
    }

    /// If this node is an intrinsic function (a one-entry map whose key is `Ref`,
    /// `Condition` or starts with `Fn::`), its name and argument.
    pub fn intrinsic(&self) -> Option<(&str, &Node)> {
        match &self.kind {
            NodeKind::Map(entries) if entries.len() == 1 => {
                let e = &entries[0];
                let k = e.key.as_str();
                (k == "Ref" || k == "Condition" || k.starts_with("Fn::")).then_some((k, &e.value))
            }
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    Yaml,
}

/// A non-fatal problem found while loading (the file still loads).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Diagnostic {
    pub span: Span,
    pub message: String,
}

/// A loaded file: its tree, its text (for snippets and fixes), and load-time diagnostics.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub format: Format,
    pub source: Arc<str>,
    pub root: Node,
    pub diagnostics: Vec<Diagnostic>,
}

/// Limits on input that protect the machine from hostile files.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_bytes: usize,
    /// Nodes an alias expansion may add in total (billion-laughs guard).
    pub max_alias_nodes: usize,
    pub max_depth: usize,
    /// Resources one template may declare.
    pub max_resources: usize,
}

impl Limits {
    /// Generous for real templates (CloudFormation itself caps them at 1 MB), tight enough
    /// that a hostile file fails fast.
    pub const DEFAULT: Limits = Limits {
        max_bytes: 64 << 20,
        max_alias_nodes: 100_000,
        max_depth: 256,
        max_resources: 100_000,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadErrorKind {
    #[error("cannot read file: {0}")]
    Io(String),
    #[error("file is not valid UTF-8")]
    InvalidUtf8,
    #[error("file is UTF-16 ({0}, by its byte-order mark); CloudFormation templates must be UTF-8")]
    Utf16(&'static str),
    #[error("file is {size} bytes, over the {limit}-byte limit (raise it with --max-file-size)")]
    TooLarge { size: usize, limit: usize },
    #[error("{0}")]
    Syntax(String),
    #[error(
        "alias expansion exceeds {0} nodes (possible billion-laughs document; raise it with --max-alias-nodes)"
    )]
    AliasLimit(usize),
    #[error("nesting deeper than {0} levels (raise it with --max-depth)")]
    TooDeep(usize),
    #[error(
        "template declares {count} resources, over the limit of {limit} (raise it with --max-resources)"
    )]
    TooManyResources { count: usize, limit: usize },
    /// A CDK cloud assembly that cannot be read as one (manifest, template references).
    #[error("{0}")]
    Assembly(String),
}

/// A file that could not be loaded, with where it went wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    pub path: PathBuf,
    pub pos: Pos,
    pub kind: LoadErrorKind,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error: {}",
            self.path.display(),
            self.pos.line.max(1),
            self.pos.col.max(1),
            self.kind
        )
    }
}

/// Guess the format: a file whose first non-blank character is `{` is JSON (tabs are legal
/// there), anything else YAML. The extension is not trusted: `.template` files hold either.
pub fn sniff_format(text: &str) -> Format {
    match text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .next()
    {
        Some('{') => Format::Json,
        _ => Format::Yaml,
    }
}

pub fn load_bytes(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Loaded, LoadError> {
    let err = |pos: Pos, kind| LoadError {
        path: path.to_path_buf(),
        pos,
        kind,
    };
    if bytes.len() > limits.max_bytes {
        return Err(err(
            Pos::default(),
            LoadErrorKind::TooLarge {
                size: bytes.len(),
                limit: limits.max_bytes,
            },
        ));
    }
    let utf16 = match bytes {
        [0xFF, 0xFE, ..] => Some("little-endian"),
        [0xFE, 0xFF, ..] => Some("big-endian"),
        _ => None,
    };
    if let Some(order) = utf16 {
        return Err(err(Pos::default(), LoadErrorKind::Utf16(order)));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let pos = LineIndex::new(&String::from_utf8_lossy(&bytes[..e.valid_up_to()]))
            .pos(e.valid_up_to());
        err(pos, LoadErrorKind::InvalidUtf8)
    })?;
    let format = sniff_format(text);
    let (root, diagnostics) = match format {
        Format::Json => json::parse(text, limits),
        Format::Yaml => yaml::parse(text, limits),
    }
    .map_err(|(pos, kind)| err(pos, kind))?;
    Ok(Loaded {
        path: path.to_path_buf(),
        format,
        source: Arc::from(text),
        root,
        diagnostics,
    })
}

/// Refuse a template that declares more resources than `limits` allow (before any later
/// stage does work per resource); the error points at the `Resources` key.
pub fn check_resources(loaded: &Loaded, limits: &Limits) -> Result<(), LoadError> {
    let Some(entry) = loaded.root.entry("Resources") else {
        return Ok(());
    };
    let count = entry.value.entries().len();
    if count > limits.max_resources {
        return Err(LoadError {
            path: loaded.path.clone(),
            pos: entry.key_span.start,
            kind: LoadErrorKind::TooManyResources {
                count,
                limit: limits.max_resources,
            },
        });
    }
    Ok(())
}

pub fn load_file(path: &Path, limits: &Limits) -> Result<Loaded, LoadError> {
    use std::io::Read;
    let fail = |kind| LoadError {
        path: path.to_path_buf(),
        pos: Pos::default(),
        kind,
    };
    let io = |e: std::io::Error| fail(LoadErrorKind::Io(e.to_string()));
    let meta = std::fs::metadata(path).map_err(io)?;
    // A FIFO would block and a device (`/dev/zero`) never end: only regular files are read.
    if !meta.is_file() {
        return Err(fail(LoadErrorKind::Io("not a regular file".into())));
    }
    let too_large = |size: usize| {
        fail(LoadErrorKind::TooLarge {
            size,
            limit: limits.max_bytes,
        })
    };
    if meta.len() > limits.max_bytes as u64 {
        return Err(too_large(usize::try_from(meta.len()).unwrap_or(usize::MAX)));
    }
    // The file may grow between the check and the read: never read past the limit.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(limits.max_bytes as u64 + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    if bytes.len() > limits.max_bytes {
        return Err(too_large(bytes.len()));
    }
    load_bytes(path, &bytes, limits)
}

/// Maps byte offsets to 1-based line and (char) column.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, line_starts }
    }

    pub fn pos(&self, byte: usize) -> Pos {
        let byte = byte.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= byte) - 1;
        let start = self.line_starts[line];
        let col = self
            .text
            .get(start..byte)
            .map_or(byte - start, |s| s.chars().count());
        Pos {
            line: line as u32 + 1,
            col: col as u32 + 1,
            byte: byte as u32,
        }
    }
}
