//! The scan settings of `hardstack.toml`: every top-level key besides `[[requirements]]`.
//!
//! ```toml
//! select = ["S3", "IAM-001"]          # ids, peer aliases, slugs or service prefixes
//! ignore = ["TAG-003"]
//! fail-on = "medium"
//! region = "us-west-2"
//! require-tags = ["Owner", "Environment=Production"]
//! account-baseline = false
//! exclude = ["cdk.out/**", "tests/fixtures"]
//!
//! [severity]
//! S3-001 = "medium"
//!
//! [[per-path]]
//! path = "legacy/**"
//! ignore = ["S3-001"]
//!
//! [params]
//! Env = "prod"                       # every template
//! [params."ProdStack"]               # a CDK stack by name, or templates by glob
//! Env = "prod"
//! ```
//!
//! Every key is checked: an unknown key, a value of the wrong kind, or a rule id that names
//! no rule is an error with its line and column. Globs are relative to the folder of the
//! file.

use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{ConfigError, line_col};
use crate::rules::Severity;

/// The top-level keys a `hardstack.toml` may have.
pub const KEYS: &[&str] = &[
    "select",
    "ignore",
    "fail-on",
    "region",
    "account",
    "require-tags",
    "account-baseline",
    "exclude",
    "format",
    "color",
    "quiet",
    "group-by-construct",
    "exclude-cdk-internal",
    "output",
    "baseline",
    "fail-on-requirements",
    "max-file-size",
    "max-depth",
    "max-alias-nodes",
    "max-resources",
    "severity",
    "per-path",
    "params",
    "requirements",
];

const PER_PATH_KEYS: &[&str] = &["path", "ignore"];

/// A value and the line it was written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc<T> {
    pub value: T,
    pub line: u32,
}

/// Parameter values for every template (`scope: None`) or for the stacks and templates a
/// name or glob picks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamEntry {
    pub scope: Option<String>,
    pub key: String,
    pub value: String,
}

/// The settings a `hardstack.toml` writes (`None`: not written).
#[derive(Debug, Clone, Default)]
pub struct FileSettings {
    /// The file, as found.
    pub path: PathBuf,
    /// Its folder, absolute: globs and paths are relative to it.
    pub root: PathBuf,
    pub select: Option<Loc<Vec<String>>>,
    pub ignore: Option<Loc<Vec<String>>>,
    /// `Some(None)`: `fail-on = "none"`.
    pub fail_on: Option<Loc<Option<Severity>>>,
    pub region: Option<Loc<String>>,
    pub account: Option<Loc<String>>,
    pub require_tags: Option<Loc<Vec<(String, Option<String>)>>>,
    pub account_baseline: Option<Loc<bool>>,
    pub exclude: Option<Loc<Vec<String>>>,
    /// Checked by the command line, which knows the formats.
    pub format: Option<Loc<String>>,
    pub color: Option<Loc<String>>,
    pub quiet: Option<Loc<bool>>,
    pub group_by_construct: Option<Loc<bool>>,
    pub exclude_cdk_internal: Option<Loc<bool>>,
    /// Resolved against [`FileSettings::root`].
    pub output: Option<Loc<PathBuf>>,
    pub baseline: Option<Loc<PathBuf>>,
    pub fail_on_requirements: Option<Loc<bool>>,
    /// Input limits (`--max-*`), in bytes or counts.
    pub max_file_size: Option<Loc<usize>>,
    pub max_depth: Option<Loc<usize>>,
    pub max_alias_nodes: Option<Loc<usize>>,
    pub max_resources: Option<Loc<usize>>,
    /// `(rule pattern, severity)` in file order.
    pub severity: Vec<Loc<(String, Severity)>>,
    /// `(path glob, rule patterns)`.
    pub per_path: Vec<Loc<(String, Vec<String>)>>,
    pub params: Vec<Loc<ParamEntry>>,
}

impl FileSettings {
    /// Where the value on `line` came from: `hardstack.toml:12`.
    pub fn at(&self, line: u32) -> String {
        format!("{}:{line}", self.path.display())
    }
}

/// Read the settings of the `hardstack.toml` at `path`.
pub fn load_settings(path: &Path) -> Result<FileSettings, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        path: path.to_path_buf(),
        line: 0,
        col: 0,
        message: format!("cannot read: {e}"),
    })?;
    parse_settings(path, &text)
}

type Located<T> = Result<T, (usize, String)>;

fn loc<T>(value: T, line: u32) -> Loc<T> {
    Loc { value, line }
}

/// Parse settings from text (`path` names the file in errors and origins; its folder is
/// the root of globs).
pub fn parse_settings(path: &Path, text: &str) -> Result<FileSettings, ConfigError> {
    let located = |offset: usize, message: String| ConfigError::at(path, text, offset, message);
    let table = DeTable::parse(text).map_err(|e| {
        located(
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_string(),
        )
    })?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let root = std::fs::canonicalize(dir)
        .or_else(|_| std::path::absolute(dir))
        .unwrap_or_else(|_| dir.to_path_buf());
    let mut s = FileSettings {
        path: path.to_path_buf(),
        root,
        ..FileSettings::default()
    };
    let line = |offset: usize| line_col(text, offset).0;
    read(&mut s, table.get_ref(), &line).map_err(|(at, m)| located(at, m))?;
    Ok(s)
}

fn read(s: &mut FileSettings, table: &DeTable, line: &dyn Fn(usize) -> u32) -> Located<()> {
    for (key, value) in table.iter() {
        let at = key.span().start;
        let ln = line(at);
        match key.get_ref().as_ref() {
            "requirements" | "requirement" => {} // read by `parse_requirements`
            "select" => s.select = Some(loc(rule_list(value)?, ln)),
            "ignore" => s.ignore = Some(loc(rule_list(value)?, ln)),
            "fail-on" => {
                let v = string(value)?;
                let t = match v.to_ascii_lowercase().as_str() {
                    "none" => None,
                    w => Some(Severity::parse(w).ok_or((
                        value.span().start,
                        format!(
                            "`{v}` is not a severity: use info, low, medium, high, critical or none"
                        ),
                    ))?),
                };
                s.fail_on = Some(loc(t, ln));
            }
            "region" => s.region = Some(loc(region(value)?, ln)),
            "account" => s.account = Some(loc(string(value)?, ln)),
            "require-tags" => {
                let tags = string_list(value)?
                    .into_iter()
                    .map(|(t, at)| parse_tag(&t).map_err(|m| (at, m)))
                    .collect::<Located<Vec<_>>>()?;
                s.require_tags = Some(loc(tags, ln));
            }
            "account-baseline" => s.account_baseline = Some(loc(boolean(value)?, ln)),
            "exclude" => {
                let globs = string_list(value)?;
                for (g, at) in &globs {
                    check_glob(g).map_err(|m| (*at, m))?;
                }
                s.exclude = Some(loc(globs.into_iter().map(|g| g.0).collect(), ln));
            }
            "format" => s.format = Some(loc(string(value)?, ln)),
            "color" => s.color = Some(loc(string(value)?, ln)),
            "quiet" => s.quiet = Some(loc(boolean(value)?, ln)),
            "group-by-construct" => s.group_by_construct = Some(loc(boolean(value)?, ln)),
            "exclude-cdk-internal" => s.exclude_cdk_internal = Some(loc(boolean(value)?, ln)),
            "output" => s.output = Some(loc(s.root.join(string(value)?), ln)),
            "baseline" => s.baseline = Some(loc(s.root.join(string(value)?), ln)),
            "fail-on-requirements" => s.fail_on_requirements = Some(loc(boolean(value)?, ln)),
            "max-file-size" => s.max_file_size = Some(loc(size(value)?, ln)),
            "max-depth" => s.max_depth = Some(loc(count(value)?, ln)),
            "max-alias-nodes" => s.max_alias_nodes = Some(loc(count(value)?, ln)),
            "max-resources" => s.max_resources = Some(loc(count(value)?, ln)),
            "severity" => {
                let t = sub_table(value, "[severity] maps rule ids to severities")?;
                for (id, sev) in t.iter() {
                    let name = id.get_ref().to_string();
                    known_rule(&name).map_err(|m| (id.span().start, m))?;
                    let text = string(sev)?;
                    let sv = Severity::parse(&text).ok_or((
                        sev.span().start,
                        format!(
                            "`{text}` is not a severity: use info, low, medium, high or critical"
                        ),
                    ))?;
                    s.severity.push(Loc {
                        value: (name, sv),
                        line: line(id.span().start),
                    });
                }
                s.severity.sort_by_key(|l| l.line);
            }
            "per-path" => {
                let items = value.get_ref().as_array().ok_or((
                    value.span().start,
                    "per-path ignores are a list: start each with `[[per-path]]`".to_string(),
                ))?;
                for item in items.iter() {
                    let t = sub_table(item, "each [[per-path]] is a table")?;
                    let mut glob = None;
                    let mut rules = None;
                    for (k, v) in t.iter() {
                        match k.get_ref().as_ref() {
                            "path" => {
                                let g = string(v)?;
                                check_glob(&g).map_err(|m| (v.span().start, m))?;
                                glob = Some(g);
                            }
                            "ignore" => rules = Some(rule_list(v)?),
                            other => return Err(unknown_key(k.span().start, other, PER_PATH_KEYS)),
                        }
                    }
                    let (Some(glob), Some(rules)) = (glob, rules) else {
                        return Err((
                            item.span().start,
                            "a [[per-path]] table needs `path` (a glob) and `ignore` (rule ids)"
                                .into(),
                        ));
                    };
                    s.per_path.push(Loc {
                        value: (glob, rules),
                        line: line(item.span().start),
                    });
                }
            }
            "params" => {
                let t = sub_table(value, "[params] maps parameter names to values")?;
                for (k, v) in t.iter() {
                    let name = k.get_ref().to_string();
                    match v.get_ref() {
                        DeValue::Table(scoped) => {
                            check_glob(&name).map_err(|m| (k.span().start, m))?;
                            for (pk, pv) in scoped.iter() {
                                s.params.push(Loc {
                                    value: ParamEntry {
                                        scope: Some(name.clone()),
                                        key: pk.get_ref().to_string(),
                                        value: scalar(pv)?,
                                    },
                                    line: line(pk.span().start),
                                });
                            }
                        }
                        _ => s.params.push(Loc {
                            value: ParamEntry {
                                scope: None,
                                key: name,
                                value: scalar(v)?,
                            },
                            line: line(k.span().start),
                        }),
                    }
                }
                s.params.sort_by_key(|l| l.line);
            }
            other => return Err(unknown_key(at, other, KEYS)),
        }
    }
    Ok(())
}

fn unknown_key(at: usize, key: &str, known: &[&str]) -> (usize, String) {
    let near = known
        .iter()
        .find(|k| k.replace('-', "_") == key.replace('-', "_").to_ascii_lowercase());
    let hint = match near {
        Some(k) => format!("did you mean `{k}`?"),
        None => format!(
            "expected one of {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    (at, format!("unknown key `{key}`: {hint}"))
}

fn string(v: &Spanned<DeValue>) -> Located<String> {
    v.get_ref().as_str().map(str::to_string).ok_or((
        v.span().start,
        format!("expected a string, found {}", v.get_ref().type_str()),
    ))
}

fn count(v: &Spanned<DeValue>) -> Located<usize> {
    match v.get_ref() {
        DeValue::Integer(i) => i.as_str().parse::<usize>().ok(),
        _ => None,
    }
    .ok_or((
        v.span().start,
        format!(
            "expected a positive whole number, found {}",
            v.get_ref().type_str()
        ),
    ))
}

/// A byte size: a number, or a string like "64M" (K, M, G: binary multiples).
fn size(v: &Spanned<DeValue>) -> Located<usize> {
    match v.get_ref() {
        DeValue::Integer(_) => count(v),
        DeValue::String(s) => parse_size(s).ok_or((
            v.span().start,
            format!("expected a size like 65536, \"64K\" or \"64M\", found `{s}`"),
        )),
        other => Err((
            v.span().start,
            format!("expected a size, found {}", other.type_str()),
        )),
    }
}

/// `65536`, `64K`, `64M`, `1G` (binary multiples).
pub fn parse_size(s: &str) -> Option<usize> {
    let t = s.trim();
    let (digits, shift) = match t.char_indices().last() {
        Some((i, 'k' | 'K')) => (&t[..i], 10),
        Some((i, 'm' | 'M')) => (&t[..i], 20),
        Some((i, 'g' | 'G')) => (&t[..i], 30),
        _ => (t, 0),
    };
    digits
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(1usize << shift))
}

fn boolean(v: &Spanned<DeValue>) -> Located<bool> {
    v.get_ref().as_bool().ok_or((
        v.span().start,
        format!("expected true or false, found {}", v.get_ref().type_str()),
    ))
}

fn scalar(v: &Spanned<DeValue>) -> Located<String> {
    match v.get_ref() {
        DeValue::String(s) => Ok(s.to_string()),
        DeValue::Integer(i) => Ok(i.as_str().to_string()),
        DeValue::Float(f) => Ok(f.as_str().to_string()),
        DeValue::Boolean(b) => Ok(b.to_string()),
        other => Err((
            v.span().start,
            format!(
                "a parameter value is a string, number or boolean, not {}",
                other.type_str()
            ),
        )),
    }
}

fn sub_table<'a, 'i>(v: &'a Spanned<DeValue<'i>>, what: &str) -> Located<&'a DeTable<'i>> {
    v.get_ref().as_table().ok_or((
        v.span().start,
        format!("{what}, not {}", v.get_ref().type_str()),
    ))
}

/// A string or a list of strings, each with its offset.
fn string_list(v: &Spanned<DeValue>) -> Located<Vec<(String, usize)>> {
    match v.get_ref() {
        DeValue::String(s) => Ok(vec![(s.to_string(), v.span().start)]),
        DeValue::Array(items) => items
            .iter()
            .map(|i| string(i).map(|s| (s, i.span().start)))
            .collect(),
        other => Err((
            v.span().start,
            format!("expected a list of strings, found {}", other.type_str()),
        )),
    }
}

fn rule_list(v: &Spanned<DeValue>) -> Located<Vec<String>> {
    string_list(v)?
        .into_iter()
        .map(|(s, at)| {
            known_rule(&s).map_err(|m| (at, m))?;
            Ok(s)
        })
        .collect()
}

/// An id, alias, slug or service prefix that names at least one rule. A peer tool's id
/// that no rule implements is accepted (a migrated skip list must not break the scan);
/// [`unmatched_peer_id`] lets the caller warn about it.
pub fn known_rule(pattern: &str) -> Result<(), String> {
    if crate::rules::ALL
        .iter()
        .any(|r| crate::matches_pattern(&r.meta, pattern))
        || is_peer_id(pattern)
    {
        Ok(())
    } else {
        Err(format!(
            "unknown rule `{pattern}`: give a rule id (S3-001), peer alias (CKV_AWS_19), slug or service prefix (S3); `hardstack rules` lists them"
        ))
    }
}

/// Looks like a checkov, cfn_nag, cdk-nag or Trivy id (`CKV_AWS_18`, `W35`, `AwsSolutions-S1`,
/// `AVD-AWS-0086`).
pub fn is_peer_id(p: &str) -> bool {
    let cfn_nag = p.len() > 1
        && matches!(p.as_bytes()[0], b'W' | b'F')
        && p[1..].bytes().all(|b| b.is_ascii_digit());
    cfn_nag
        || [
            "CKV_",
            "CKV2_",
            "AwsSolutions-",
            "AVD-",
            "HIPAA.",
            "NIST.",
            "PCI.",
        ]
        .iter()
        .any(|pre| p.starts_with(pre))
}

/// A peer id that no hardstack rule implements: worth a warning, not an error.
pub fn unmatched_peer_id(p: &str) -> bool {
    is_peer_id(p)
        && !crate::rules::ALL
            .iter()
            .any(|r| crate::matches_pattern(&r.meta, p))
}

fn region(v: &Spanned<DeValue>) -> Located<String> {
    let r = string(v)?;
    let lower = r.trim().to_ascii_lowercase();
    if crate::assess::requirements::is_region_name(&lower) {
        Ok(lower)
    } else {
        Err((
            v.span().start,
            format!("`{r}` is not an AWS region name (like us-west-2)"),
        ))
    }
}

/// `KEY` or `KEY=VALUE`, as `--require-tag` takes it.
pub fn parse_tag(s: &str) -> Result<(String, Option<String>), String> {
    let (k, v) = match s.split_once('=') {
        Some((k, v)) => (k, Some(v.to_string())),
        None => (s, None),
    };
    if k.trim().is_empty() {
        return Err(format!("expected KEY or KEY=VALUE, got `{s}`"));
    }
    Ok((k.trim().to_string(), v))
}

fn check_glob(g: &str) -> Result<(), String> {
    glob(g)
        .map(|_| ())
        .map_err(|e| format!("bad glob `{g}`: {e}"))
}

/// A glob as settings use it: `*` stays within a folder, `**` crosses folders.
pub fn glob(g: &str) -> Result<globset::GlobMatcher, globset::Error> {
    let g = g.trim_start_matches("./");
    Ok(globset::GlobBuilder::new(g)
        .literal_separator(true)
        .build()?
        .compile_matcher())
}
