//! The effective configuration: defaults, then `hardstack.toml`, then the command line
//! (which wins), each value with where it came from (`hardstack config` prints them).

/// The built-in input limits, the defaults of the `max-*` settings.
const LIMITS: crate::load::Limits = crate::load::Limits::DEFAULT;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::settings::{FileSettings, ParamEntry, glob};
use crate::rules::Severity;

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Default,
    /// `hardstack.toml:12`.
    File(String),
    /// `--fail-on`.
    Flag(&'static str),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::File(at) => f.write_str(at),
            Origin::Flag(flag) => f.write_str(flag),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

/// What the command line gave (`None`: not given).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub fail_on: Option<Option<Severity>>,
    pub region: Option<String>,
    pub account: Option<String>,
    pub params: Vec<(String, String)>,
    pub require_tags: Option<Vec<(String, Option<String>)>>,
    pub account_baseline: Option<bool>,
    pub format: Option<String>,
    pub color: Option<String>,
    pub quiet: Option<bool>,
    pub group_by_construct: Option<bool>,
    pub exclude_cdk_internal: Option<bool>,
    pub output: Option<PathBuf>,
    pub baseline: Option<PathBuf>,
    pub fail_on_requirements: Option<bool>,
    pub max_file_size: Option<usize>,
    pub max_depth: Option<usize>,
    pub max_alias_nodes: Option<usize>,
    pub max_resources: Option<usize>,
}

/// Every setting of a scan, resolved.
#[derive(Debug, Clone)]
pub struct Effective {
    /// The `hardstack.toml` read, if any.
    pub file: Option<PathBuf>,
    /// Its folder (absolute): the root of `exclude`, `per-path` and `params` globs.
    pub root: Option<PathBuf>,
    pub select: Setting<Vec<String>>,
    pub ignore: Setting<Vec<String>>,
    pub fail_on: Setting<Option<Severity>>,
    pub region: Setting<Option<String>>,
    pub account: Setting<Option<String>>,
    pub require_tags: Setting<Vec<(String, Option<String>)>>,
    pub account_baseline: Setting<bool>,
    pub exclude: Setting<Vec<String>>,
    pub format: Setting<String>,
    pub color: Setting<String>,
    pub quiet: Setting<bool>,
    pub group_by_construct: Setting<bool>,
    pub exclude_cdk_internal: Setting<bool>,
    pub output: Setting<Option<PathBuf>>,
    pub baseline: Setting<Option<PathBuf>>,
    pub fail_on_requirements: Setting<bool>,
    pub max_file_size: Setting<usize>,
    pub max_depth: Setting<usize>,
    pub max_alias_nodes: Setting<usize>,
    pub max_resources: Setting<usize>,
    pub severity: Vec<Setting<(String, Severity)>>,
    pub per_path: Vec<Setting<(String, Vec<String>)>>,
    /// Config parameters (file order), then `--param` ones (scope `None`), which win.
    pub params: Vec<Setting<ParamEntry>>,
}

fn pick<T: Clone, F>(
    cli: Option<T>,
    flag: &'static str,
    file: Option<&super::settings::Loc<F>>,
    settings: Option<&FileSettings>,
    conv: impl Fn(&F) -> T,
    default: T,
) -> Setting<T> {
    if let Some(v) = cli {
        return Setting {
            value: v,
            origin: Origin::Flag(flag),
        };
    }
    match (file, settings) {
        (Some(l), Some(s)) => Setting {
            value: conv(&l.value),
            origin: Origin::File(s.at(l.line)),
        },
        _ => Setting {
            value: default,
            origin: Origin::Default,
        },
    }
}

impl Effective {
    /// Resolve: the command line wins over the file, the file over the defaults.
    pub fn resolve(file: Option<&FileSettings>, cli: Overrides) -> Effective {
        let f = file;
        macro_rules! take {
            ($cli:expr, $flag:expr, $key:ident, $conv:expr, $default:expr) => {
                pick(
                    $cli,
                    $flag,
                    f.and_then(|s| s.$key.as_ref()),
                    f,
                    $conv,
                    $default,
                )
            };
        }
        let mut params: Vec<Setting<ParamEntry>> = f
            .map(|s| {
                s.params
                    .iter()
                    .map(|p| Setting {
                        value: p.value.clone(),
                        origin: Origin::File(s.at(p.line)),
                    })
                    .collect()
            })
            .unwrap_or_default();
        params.extend(cli.params.iter().map(|(k, v)| Setting {
            value: ParamEntry {
                scope: None,
                key: k.clone(),
                value: v.clone(),
            },
            origin: Origin::Flag("--param"),
        }));
        Effective {
            file: f.map(|s| s.path.clone()),
            root: f.map(|s| s.root.clone()),
            select: take!(cli.select, "--select", select, Clone::clone, Vec::new()),
            ignore: take!(cli.ignore, "--ignore", ignore, Clone::clone, Vec::new()),
            fail_on: take!(
                cli.fail_on,
                "--fail-on",
                fail_on,
                Clone::clone,
                Some(Severity::High)
            ),
            region: take!(
                cli.region.map(Some),
                "--region",
                region,
                |r: &String| Some(r.clone()),
                None
            ),
            account: take!(
                cli.account.map(Some),
                "--account",
                account,
                |r: &String| Some(r.clone()),
                None
            ),
            require_tags: take!(
                cli.require_tags,
                "--require-tag",
                require_tags,
                Clone::clone,
                Vec::new()
            ),
            account_baseline: take!(
                cli.account_baseline,
                if cli.account_baseline == Some(true) {
                    "--account-baseline"
                } else {
                    "--no-account-baseline"
                },
                account_baseline,
                Clone::clone,
                true
            ),
            exclude: take!(None, "", exclude, Clone::clone, Vec::new()),
            format: take!(cli.format, "--format", format, Clone::clone, "text".into()),
            color: take!(cli.color, "--color", color, Clone::clone, "auto".into()),
            quiet: take!(cli.quiet, "--quiet", quiet, Clone::clone, false),
            group_by_construct: take!(
                cli.group_by_construct,
                "--group-by-construct",
                group_by_construct,
                Clone::clone,
                false
            ),
            exclude_cdk_internal: take!(
                cli.exclude_cdk_internal,
                "--exclude-cdk-internal",
                exclude_cdk_internal,
                Clone::clone,
                false
            ),
            output: take!(
                cli.output.map(Some),
                "--output",
                output,
                |p: &PathBuf| Some(p.clone()),
                None
            ),
            baseline: take!(
                cli.baseline.map(Some),
                "--baseline",
                baseline,
                |p: &PathBuf| Some(p.clone()),
                None
            ),
            fail_on_requirements: take!(
                cli.fail_on_requirements,
                "--fail-on-requirements",
                fail_on_requirements,
                Clone::clone,
                false
            ),
            max_file_size: take!(
                cli.max_file_size,
                "--max-file-size",
                max_file_size,
                Clone::clone,
                LIMITS.max_bytes
            ),
            max_depth: take!(
                cli.max_depth,
                "--max-depth",
                max_depth,
                Clone::clone,
                LIMITS.max_depth
            ),
            max_alias_nodes: take!(
                cli.max_alias_nodes,
                "--max-alias-nodes",
                max_alias_nodes,
                Clone::clone,
                LIMITS.max_alias_nodes
            ),
            max_resources: take!(
                cli.max_resources,
                "--max-resources",
                max_resources,
                Clone::clone,
                LIMITS.max_resources
            ),
            severity: f
                .map(|s| {
                    s.severity
                        .iter()
                        .map(|l| Setting {
                            value: l.value.clone(),
                            origin: Origin::File(s.at(l.line)),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            per_path: f
                .map(|s| {
                    s.per_path
                        .iter()
                        .map(|l| Setting {
                            value: l.value.clone(),
                            origin: Origin::File(s.at(l.line)),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            params,
        }
    }

    /// The scan options these settings make (requirements are added by the caller).
    pub fn options(&self) -> crate::Options {
        let mut opts = crate::Options {
            region: self.region.value.clone(),
            account: self.account.value.clone(),
            params: self
                .params
                .iter()
                .filter(|p| p.origin == Origin::Flag("--param"))
                .map(|p| (p.value.key.clone(), p.value.value.clone()))
                .collect(),
            select: self.select.value.clone(),
            ignore: self.ignore.value.clone(),
            severity: self.severity.iter().map(|s| s.value.clone()).collect(),
            region_source: match &self.region.origin {
                Origin::File(at) => Some(at.clone()),
                _ => None,
            },
            ..crate::Options::default()
        };
        opts.rules.required_tags = self.require_tags.value.clone();
        opts.limits = crate::load::Limits {
            max_bytes: self.max_file_size.value,
            max_depth: self.max_depth.value,
            max_alias_nodes: self.max_alias_nodes.value,
            max_resources: self.max_resources.value,
        };
        opts.rules.account_baseline = self.account_baseline.value;
        if let Some(root) = &self.root {
            opts.paths = PathRules {
                root: Some(root.clone()),
                exclude: self
                    .exclude
                    .value
                    .iter()
                    .filter_map(|g| glob(g).ok())
                    .collect(),
                per_path: self
                    .per_path
                    .iter()
                    .filter_map(|p| Some((glob(&p.value.0).ok()?, p.value.1.clone())))
                    .collect(),
                params: self
                    .params
                    .iter()
                    .filter(|p| p.origin != Origin::Flag("--param"))
                    .filter_map(|p| {
                        let m = match &p.value.scope {
                            Some(s) => Some((s.clone(), glob(s).ok()?)),
                            None => None,
                        };
                        Some((m, p.value.key.clone(), p.value.value.clone()))
                    })
                    .collect(),
            };
        }
        opts
    }

    /// The effective configuration as TOML, each value commented with its origin.
    /// `show` prints a path (relative to the current folder, say).
    pub fn render(&self, show: &dyn Fn(&Path) -> String) -> String {
        let mut out = String::new();
        match &self.file {
            Some(p) => {
                let _ = writeln!(out, "# configuration file: {}", show(p));
            }
            None => out.push_str("# configuration file: none found\n"),
        }
        let q = |s: &str| toml_string(s);
        let list = |v: &[String]| {
            format!(
                "[{}]",
                v.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")
            )
        };
        // An unset optional value has no TOML spelling: it is shown as a comment.
        let mut line = |key: &str, value: Option<String>, origin: &Origin| match value {
            Some(value) => {
                let _ = writeln!(out, "{key} = {value}  # {origin}");
            }
            None => {
                let _ = writeln!(out, "# {key}: not set  # {origin}");
            }
        };
        line(
            "select",
            Some(list(&self.select.value)),
            &self.select.origin,
        );
        line(
            "ignore",
            Some(list(&self.ignore.value)),
            &self.ignore.origin,
        );
        line(
            "fail-on",
            Some(q(self.fail_on.value.map_or("none", Severity::as_str))),
            &self.fail_on.origin,
        );
        let opt = |v: &Option<String>| v.as_deref().map(q);
        line("region", opt(&self.region.value), &self.region.origin);
        line("account", opt(&self.account.value), &self.account.origin);
        let tags: Vec<String> = self
            .require_tags
            .value
            .iter()
            .map(|(k, v)| match v {
                Some(v) => format!("{k}={v}"),
                None => k.clone(),
            })
            .collect();
        line("require-tags", Some(list(&tags)), &self.require_tags.origin);
        line(
            "account-baseline",
            Some(self.account_baseline.value.to_string()),
            &self.account_baseline.origin,
        );
        line(
            "exclude",
            Some(list(&self.exclude.value)),
            &self.exclude.origin,
        );
        line("format", Some(q(&self.format.value)), &self.format.origin);
        line("color", Some(q(&self.color.value)), &self.color.origin);
        line(
            "quiet",
            Some(self.quiet.value.to_string()),
            &self.quiet.origin,
        );
        line(
            "group-by-construct",
            Some(self.group_by_construct.value.to_string()),
            &self.group_by_construct.origin,
        );
        line(
            "exclude-cdk-internal",
            Some(self.exclude_cdk_internal.value.to_string()),
            &self.exclude_cdk_internal.origin,
        );
        let path = |p: &Option<PathBuf>| p.as_deref().map(|p| q(&show(p)));
        line("output", path(&self.output.value), &self.output.origin);
        line(
            "baseline",
            path(&self.baseline.value),
            &self.baseline.origin,
        );
        line(
            "fail-on-requirements",
            Some(self.fail_on_requirements.value.to_string()),
            &self.fail_on_requirements.origin,
        );
        for (key, s) in [
            ("max-file-size", &self.max_file_size),
            ("max-depth", &self.max_depth),
            ("max-alias-nodes", &self.max_alias_nodes),
            ("max-resources", &self.max_resources),
        ] {
            line(key, Some(s.value.to_string()), &s.origin);
        }
        out.push_str("\n[severity]\n");
        for s in &self.severity {
            let _ = writeln!(
                out,
                "{} = {}  # {}",
                q(&s.value.0),
                q(s.value.1.as_str()),
                s.origin
            );
        }
        for p in &self.per_path {
            let _ = writeln!(
                out,
                "\n[[per-path]]  # {}\npath = {}\nignore = {}",
                p.origin,
                q(&p.value.0),
                list(&p.value.1)
            );
        }
        // Global parameters first, then each scope in the order first written.
        out.push_str("\n[params]\n");
        for p in self.params.iter().filter(|p| p.value.scope.is_none()) {
            let _ = writeln!(
                out,
                "{} = {}  # {}",
                q(&p.value.key),
                q(&p.value.value),
                p.origin
            );
        }
        let mut scopes: Vec<&String> = Vec::new();
        for p in &self.params {
            if let Some(s) = &p.value.scope
                && !scopes.contains(&s)
            {
                scopes.push(s);
            }
        }
        for scope in scopes {
            let _ = writeln!(out, "\n[params.{}]", q(scope));
            for p in self
                .params
                .iter()
                .filter(|p| p.value.scope.as_ref() == Some(scope))
            {
                let _ = writeln!(
                    out,
                    "{} = {}  # {}",
                    q(&p.value.key),
                    q(&p.value.value),
                    p.origin
                );
            }
        }
        out
    }
}

fn toml_string(s: &str) -> String {
    // JSON string escapes are valid TOML basic-string escapes.
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// The path-dependent settings of a `hardstack.toml`, globs relative to `root`.
#[derive(Debug, Clone, Default)]
pub struct PathRules {
    pub root: Option<PathBuf>,
    pub exclude: Vec<globset::GlobMatcher>,
    pub per_path: Vec<(globset::GlobMatcher, Vec<String>)>,
    /// `(scope (name, glob), key, value)`; no scope: every template.
    pub params: Vec<(Option<(String, globset::GlobMatcher)>, String, String)>,
}

impl PathRules {
    /// `path` relative to the root, `/`-separated (`None`: outside it, or no root).
    pub fn relative(&self, path: &Path) -> Option<String> {
        let root = self.root.as_ref()?;
        let abs = std::fs::canonicalize(path)
            .or_else(|_| std::path::absolute(path))
            .ok()?;
        let rel = abs.strip_prefix(root).ok()?;
        Some(rel.to_string_lossy().replace('\\', "/"))
    }

    /// Whether `glob` matches `rel` or a folder above it.
    fn hits(glob: &globset::GlobMatcher, rel: &str) -> bool {
        let mut p = rel;
        loop {
            if glob.is_match(p) {
                return true;
            }
            match p.rsplit_once('/') {
                Some((parent, _)) => p = parent,
                None => return false,
            }
        }
    }

    pub fn excluded(&self, path: &Path) -> bool {
        if self.exclude.is_empty() {
            return false;
        }
        self.relative(path)
            .is_some_and(|rel| self.exclude.iter().any(|g| Self::hits(g, &rel)))
    }

    /// Rule patterns `[[per-path]]` ignores for this file.
    pub fn ignored(&self, path: &Path) -> Vec<&str> {
        if self.per_path.is_empty() {
            return Vec::new();
        }
        let Some(rel) = self.relative(path) else {
            return Vec::new();
        };
        self.per_path
            .iter()
            .filter(|(g, _)| Self::hits(g, &rel))
            .flat_map(|(_, ids)| ids.iter().map(String::as_str))
            .collect()
    }

    /// Config parameter values for a template (and, in a CDK assembly, its stack name):
    /// every-template ones, then those whose scope names the stack or matches the path.
    pub fn params_for(&self, path: &Path, stack: Option<&str>) -> Vec<(String, String)> {
        if self.params.is_empty() {
            return Vec::new();
        }
        let rel = self.relative(path);
        let mut out: Vec<(String, String)> = self
            .params
            .iter()
            .filter(|(s, _, _)| s.is_none())
            .map(|(_, k, v)| (k.clone(), v.clone()))
            .collect();
        for (scope, k, v) in &self.params {
            let Some((name, g)) = scope else { continue };
            let hit = stack.is_some_and(|s| s == name || g.is_match(s))
                || rel.as_deref().is_some_and(|r| Self::hits(g, r));
            if hit {
                out.push((k.clone(), v.clone()));
            }
        }
        out
    }
}
