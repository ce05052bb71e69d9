//! config: `hardstack.toml`, found from the scanned path upwards: its scan settings
//! ([`settings`], resolved with the command line in [`effective`]) and its
//! `[[requirements]]` (here).
//!
//! Every key is checked: a misspelt key is an error that names its line and column
//! (`hardstack.toml:12:1: error: ...`).

pub mod effective;
pub mod settings;

pub use effective::{Effective, Origin, Overrides, PathRules, Setting};
pub use settings::{FileSettings, load_settings, parse_settings};

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::assess::requirements::{
    Check, Count, Filter, Generic, Quantifier, Requirement, Requirements, Test,
};

pub const FILE_NAME: &str = "hardstack.toml";

/// A problem in a configuration or requirements file, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based; 0 when the error is about the file as a whole (cannot be read).
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl ConfigError {
    /// An error at byte `offset` of the file's `text`.
    pub(crate) fn at(path: &Path, text: &str, offset: usize, message: String) -> ConfigError {
        let (line, col) = line_col(text, offset);
        ConfigError {
            path: path.to_path_buf(),
            line,
            col,
            message,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: error: {}", self.path.display(), self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: error: {}",
                self.path.display(),
                self.line,
                self.col,
                self.message
            )
        }
    }
}

impl std::error::Error for ConfigError {}

/// The `hardstack.toml` that governs `start` (a file or folder): the nearest one in `start`'s
/// folder or above. The search stops at a folder holding `.git` (the repository root) or at
/// the filesystem root.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let mut dir = if start.is_dir() {
        start.as_path()
    } else {
        start.parent()?
    };
    loop {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
        dir = dir.parent()?;
    }
}

/// Read the requirements of a `hardstack.toml` or a `--requirements` file (same format).
/// A file without `[[requirements]]` has none.
pub fn load_requirements(path: &Path) -> Result<Requirements, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        path: path.to_path_buf(),
        line: 0,
        col: 0,
        message: format!("cannot read: {e}"),
    })?;
    parse_requirements(path, &text)
}

/// Parse requirements from text (`path` is used in errors and evidence only).
pub fn parse_requirements(path: &Path, text: &str) -> Result<Requirements, ConfigError> {
    let located = |offset: usize, message: String| ConfigError::at(path, text, offset, message);
    let file: RawFile = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        located(offset, e.message().trim().to_string())
    })?;
    if let Some(r) = &file.requirement {
        return Err(located(
            r.span().start,
            "unknown section `requirement`: did you mean `[[requirements]]`?".into(),
        ));
    }
    let mut items = Vec::new();
    for raw in file.requirements.map(|r| r.0).unwrap_or_default() {
        let start = raw.span().start;
        let req = convert(raw.into_inner()).map_err(|(offset, msg)| located(offset, msg))?;
        let (line, _) = line_col(text, start);
        items.push(Requirement { line, ..req });
    }
    Ok(Requirements {
        source: path.to_path_buf(),
        items,
    })
}

fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before
        .rsplit_once('\n')
        .map_or(before, |(_, l)| l)
        .chars()
        .count() as u32
        + 1;
    (line, col)
}

#[derive(Deserialize)]
struct RawFile {
    requirements: Option<RawRequirements>,
    /// A common slip: `[[requirement]]`.
    requirement: Option<Spanned<toml::Value>>,
}

/// `[[requirements]]` tables; a plain `[requirements]` table gets an error that says how to
/// write it.
struct RawRequirements(Vec<Spanned<RawRequirement>>);

impl<'de> Deserialize<'de> for RawRequirements {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawRequirements;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("[[requirements]] tables")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                s: A,
            ) -> Result<Self::Value, A::Error> {
                Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(s))
                    .map(RawRequirements)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                _: A,
            ) -> Result<Self::Value, A::Error> {
                Err(serde::de::Error::custom(
                    "requirements are a list: start each one with `[[requirements]]` (two brackets), not `[requirements]`",
                ))
            }
        }
        d.deserialize_any(V)
    }
}

/// One table or an array of them (`where = { ... }` or `where = [{ ... }, { ... }]`);
/// one string or an array of strings. Written by hand, not `untagged`, so the errors of the
/// inner value (an unknown key) keep their message and place.
enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(t) => vec![t],
            OneOrMany::Many(v) => v,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value or an array of values")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                T::deserialize(serde::de::value::StrDeserializer::new(v)).map(OneOrMany::One)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                m: A,
            ) -> Result<Self::Value, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(m)).map(OneOrMany::One)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                s: A,
            ) -> Result<Self::Value, A::Error> {
                Vec::<T>::deserialize(serde::de::value::SeqAccessDeserializer::new(s))
                    .map(OneOrMany::Many)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A count: `2` (exactly) or `{ at_least = 1 }`.
enum RawCount {
    Exactly(u64),
    Table(RawCountTable),
}

impl<'de> Deserialize<'de> for RawCount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawCount;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a count: a number, or a table with exactly, at_least or at_most")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawCount, E> {
                u64::try_from(v)
                    .map(RawCount::Exactly)
                    .map_err(|_| E::custom("a count cannot be negative"))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawCount, E> {
                Ok(RawCount::Exactly(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, m: A) -> Result<RawCount, A::Error> {
                RawCountTable::deserialize(serde::de::value::MapAccessDeserializer::new(m))
                    .map(RawCount::Table)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCountTable {
    exactly: Option<u64>,
    at_least: Option<u64>,
    at_most: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAutoScaling {
    min_size: Option<Spanned<RawCount>>,
    max_size: Option<Spanned<RawCount>>,
    desired_capacity: Option<Spanned<RawCount>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFilter {
    path: String,
    equals: Option<toml::Value>,
    not_equals: Option<toml::Value>,
    one_of: Option<Vec<toml::Value>>,
    matches: Option<String>,
    min: Option<f64>,
    max: Option<f64>,
    exists: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequirement {
    title: Spanned<String>,
    // Domain shorthands.
    region: Option<Spanned<String>>,
    vpc_cidr: Option<Spanned<String>>,
    public_subnets: Option<Spanned<RawCount>>,
    private_subnets: Option<Spanned<RawCount>>,
    instance_type: Option<Spanned<OneOrMany<String>>>,
    auto_scaling: Option<Spanned<RawAutoScaling>>,
    s3_versioning: Option<Spanned<bool>>,
    required_tags: Option<Spanned<BTreeMap<String, String>>>,
    no_static_credentials: Option<Spanned<bool>>,
    instances_use_iam_roles: Option<Spanned<bool>>,
    all_in_region: Option<Spanned<String>>,
    security_best_practices: Option<Spanned<bool>>,
    // The generic form.
    #[serde(rename = "type")]
    typ: Option<Spanned<String>>,
    #[serde(rename = "where")]
    filter: Option<Spanned<OneOrMany<RawFilter>>>,
    exactly: Option<Spanned<u64>>,
    at_least: Option<Spanned<u64>>,
    at_most: Option<Spanned<u64>>,
    every: Option<Spanned<OneOrMany<RawFilter>>>,
}

type Located<T> = Result<T, (usize, String)>;

fn count(raw: Spanned<RawCount>) -> Located<Count> {
    let at = raw.span().start;
    match raw.into_inner() {
        RawCount::Exactly(n) => Ok(Count::exactly(n)),
        RawCount::Table(t) => {
            let c = match (t.exactly, t.at_least, t.at_most) {
                (Some(n), None, None) => Count::exactly(n),
                (None, lo, hi) if lo.is_some() || hi.is_some() => Count { min: lo, max: hi },
                (None, _, _) => {
                    return Err((
                        at,
                        "a count needs `exactly`, `at_least` or `at_most`".into(),
                    ));
                }
                _ => {
                    return Err((
                        at,
                        "`exactly` cannot be combined with `at_least` or `at_most`".into(),
                    ));
                }
            };
            if let (Some(lo), Some(hi)) = (c.min, c.max)
                && lo > hi
            {
                return Err((at, format!("at_least {lo} is more than at_most {hi}")));
            }
            Ok(c)
        }
    }
}

fn bool_flag(
    raw: Option<Spanned<bool>>,
    key: &str,
    out: &mut Vec<Check>,
    check: Check,
) -> Located<()> {
    if let Some(b) = raw {
        if !*b.get_ref() {
            return Err((
                b.span().start,
                format!("`{key} = false` asks for nothing; remove the line or set it to true"),
            ));
        }
        out.push(check);
    }
    Ok(())
}

fn region_name(raw: Spanned<String>) -> Located<String> {
    let r = raw.get_ref().trim().to_ascii_lowercase();
    if crate::assess::requirements::is_region_name(&r) {
        Ok(r)
    } else {
        Err((
            raw.span().start,
            format!(
                "`{}` is not an AWS region name (like us-west-2)",
                raw.get_ref()
            ),
        ))
    }
}

fn scalar_text(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn filter(at: usize, f: RawFilter) -> Located<Filter> {
    let path_at = at;
    let display = f.path;
    let path = crate::assess::requirements::normalize_path(&display)
        .ok_or((path_at, format!("`{display}` is not a property path (like `Tags[*].Key` or `VersioningConfiguration.Status`)")))?;
    let value = |v: &toml::Value| {
        scalar_text(v).ok_or((at, "compare with a string, number or boolean".to_string()))
    };
    let mut tests = Vec::new();
    if let Some(v) = &f.equals {
        tests.push(Test::Equals(value(v)?));
    }
    if let Some(v) = &f.not_equals {
        tests.push(Test::NotEquals(value(v)?));
    }
    if let Some(vs) = &f.one_of {
        tests.push(Test::OneOf(vs.iter().map(value).collect::<Located<_>>()?));
    }
    if let Some(p) = f.matches {
        tests.push(Test::Matches(p));
    }
    if f.min.is_some() || f.max.is_some() {
        tests.push(Test::Range(f.min, f.max));
    }
    if let Some(e) = f.exists {
        tests.push(Test::Exists(e));
    }
    match tests.len() {
        1 => Ok(Filter {
            path,
            display,
            test: tests.pop().unwrap(),
        }),
        0 => Err((
            at,
            "a filter needs a test: equals, not_equals, one_of, matches, min/max or exists".into(),
        )),
        _ => Err((
            at,
            "a filter takes one test; write several filters for several tests".into(),
        )),
    }
}

fn filters(raw: Spanned<OneOrMany<RawFilter>>) -> Located<Vec<Filter>> {
    let at = raw.span().start;
    raw.into_inner()
        .into_vec()
        .into_iter()
        .map(|f| filter(at, f))
        .collect()
}

fn convert(r: RawRequirement) -> Located<Requirement> {
    let title_at = r.title.span().start;
    let title = r.title.into_inner().trim().to_string();
    if title.is_empty() {
        return Err((title_at, "a requirement needs a non-empty title".into()));
    }
    let mut checks = Vec::new();
    if let Some(reg) = r.region {
        checks.push(Check::Region(region_name(reg)?));
    }
    if let Some(c) = r.vpc_cidr {
        let net: ipnet::IpNet = c.get_ref().trim().parse().map_err(|_| {
            (
                c.span().start,
                format!("`{}` is not a CIDR block (like 10.0.0.0/16)", c.get_ref()),
            )
        })?;
        checks.push(Check::VpcCidr(net));
    }
    if let Some(c) = r.public_subnets {
        checks.push(Check::PublicSubnets(count(c)?));
    }
    if let Some(c) = r.private_subnets {
        checks.push(Check::PrivateSubnets(count(c)?));
    }
    if let Some(t) = r.instance_type {
        let at = t.span().start;
        let types = t.into_inner().into_vec();
        if types.is_empty() {
            return Err((at, "instance_type needs at least one type".into()));
        }
        checks.push(Check::InstanceType(types));
    }
    if let Some(a) = r.auto_scaling {
        let a = a.into_inner();
        checks.push(Check::AutoScaling {
            min_size: a.min_size.map(count).transpose()?,
            max_size: a.max_size.map(count).transpose()?,
            desired_capacity: a.desired_capacity.map(count).transpose()?,
        });
    }
    bool_flag(
        r.s3_versioning,
        "s3_versioning",
        &mut checks,
        Check::S3Versioning,
    )?;
    if let Some(tags) = r.required_tags {
        let at = tags.span().start;
        let tags: Vec<(String, Option<String>)> = tags
            .into_inner()
            .into_iter()
            .map(|(k, v)| (k, (v != "*").then_some(v)))
            .collect();
        if tags.is_empty() {
            return Err((at, "required_tags needs at least one tag".into()));
        }
        checks.push(Check::RequiredTags(tags));
    }
    bool_flag(
        r.no_static_credentials,
        "no_static_credentials",
        &mut checks,
        Check::NoStaticCredentials,
    )?;
    bool_flag(
        r.instances_use_iam_roles,
        "instances_use_iam_roles",
        &mut checks,
        Check::InstancesUseIamRoles,
    )?;
    if let Some(reg) = r.all_in_region {
        checks.push(Check::AllInRegion(region_name(reg)?));
    }
    bool_flag(
        r.security_best_practices,
        "security_best_practices",
        &mut checks,
        Check::SecurityBestPractices,
    )?;

    // The generic form: a type, optional filters, and a count or `every`.
    let counts: Vec<(usize, &str, u64)> = [
        (&r.exactly, "exactly"),
        (&r.at_least, "at_least"),
        (&r.at_most, "at_most"),
    ]
    .into_iter()
    .filter_map(|(v, k)| v.as_ref().map(|v| (v.span().start, k, *v.get_ref())))
    .collect();
    match r.typ {
        Some(typ) => {
            let typ_at = typ.span().start;
            let typ = typ.into_inner();
            if typ.split("::").count() < 3 {
                return Err((
                    typ_at,
                    format!("`{typ}` is not a resource type (like AWS::S3::Bucket)"),
                ));
            }
            let filters = r.filter.map(filters).transpose()?.unwrap_or_default();
            let quantifier = match (counts.as_slice(), r.every) {
                ([], None) => Quantifier::Count(Count {
                    min: Some(1),
                    max: None,
                }),
                ([], Some(every)) => Quantifier::Every(filters_nonempty(every)?),
                (_, Some(every)) => {
                    return Err((
                        every.span().start,
                        "`every` cannot be combined with a count".into(),
                    ));
                }
                ([(_, "exactly", n)], None) => Quantifier::Count(Count::exactly(*n)),
                ([(at, "exactly", _), ..], None) | ([_, (at, "exactly", _)], None) => {
                    return Err((
                        *at,
                        "`exactly` cannot be combined with `at_least` or `at_most`".into(),
                    ));
                }
                (cs, None) => {
                    let get = |k: &str| cs.iter().find(|c| c.1 == k).map(|c| c.2);
                    let c = Count {
                        min: get("at_least"),
                        max: get("at_most"),
                    };
                    if let (Some(lo), Some(hi)) = (c.min, c.max)
                        && lo > hi
                    {
                        return Err((cs[0].0, format!("at_least {lo} is more than at_most {hi}")));
                    }
                    Quantifier::Count(c)
                }
            };
            checks.push(Check::Resources(Generic {
                typ,
                filters,
                quantifier,
            }));
        }
        None => {
            if let Some((at, k, _)) = counts.first() {
                return Err((*at, format!("`{k}` counts resources: give their `type`")));
            }
            if let Some(f) = &r.filter {
                return Err((
                    f.span().start,
                    "`where` filters resources: give their `type`".into(),
                ));
            }
            if let Some(f) = &r.every {
                return Err((f.span().start, "`every` needs a resource `type`".into()));
            }
        }
    }
    if checks.is_empty() {
        return Err((
            title_at,
            format!(
                "requirement \"{title}\" checks nothing: add a shorthand (region, vpc_cidr, public_subnets, instance_type, required_tags, ...) or a resource `type`"
            ),
        ));
    }
    Ok(Requirement {
        title,
        line: 0,
        checks,
    })
}

fn filters_nonempty(raw: Spanned<OneOrMany<RawFilter>>) -> Located<Vec<Filter>> {
    let at = raw.span().start;
    let fs = filters(raw)?;
    if fs.is_empty() {
        return Err((at, "`every` needs at least one filter".into()));
    }
    Ok(fs)
}

#[cfg(test)]
mod tests;
