//! The `hardstack` command line: a thin layer over [`hardstack::scan`] and the renderers.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use hardstack::assess::requirements::{self as reqs, Status};
use hardstack::render::{self, Report, catalog, text::TextOptions};
use hardstack::rules::{self, Severity};
use hardstack::{baseline, check_requirements, config, scan};

#[derive(Parser)]
#[command(
    name = "hardstack",
    version,
    about = "Security analyzer for AWS CloudFormation templates and CDK assemblies"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scan templates and folders and report findings.
    Scan(ScanArgs),
    /// List the rules: a table, JSON, or the Markdown of docs/rules.md.
    Rules {
        /// Only rules whose id, slug, alias or service prefix matches (S3, IAM-001).
        #[arg(value_name = "ID")]
        filter: Option<String>,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// Only rules of this service (s3, iam, ...).
        #[arg(long, value_name = "SERVICE")]
        service: Option<String>,
        /// Only rules of this severity.
        #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
        severity: Option<Severity>,
        /// Only rules of this plan tier (high, medium, low).
        #[arg(long, value_name = "TIER", value_parser = parse_tier)]
        tier: Option<rules::Tier>,
    },
    /// Print the effective configuration of a scan (same arguments as `scan`), each value
    /// with where it came from: default, hardstack.toml:LINE or --flag.
    Config(ScanArgs),
    /// Explain a rule: by id (S3-001), slug or peer alias (CKV_AWS_19).
    Explain {
        #[arg(value_name = "ID")]
        id: String,
    },
}

#[derive(Args)]
struct ScanArgs {
    /// Files and folders to scan.
    #[arg(value_name = "PATHS", default_value = ".")]
    paths: Vec<PathBuf>,
    /// Report format [default: text].
    #[arg(long, value_enum)]
    format: Option<OutputFormat>,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// AWS region for pseudo parameters and Fn::GetAZs [default: us-east-1].
    #[arg(long, value_name = "R")]
    region: Option<String>,
    /// AWS account id for AWS::AccountId.
    #[arg(long, value_name = "ID")]
    account: Option<String>,
    /// Template parameter value (repeatable).
    #[arg(long = "param", value_name = "KEY=VALUE", value_parser = parse_param)]
    params: Vec<(String, String)>,
    /// Exit 1 when an unsuppressed finding is at or above this severity [default: high].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Tag every taggable resource must carry (repeatable).
    #[arg(long = "require-tag", value_name = "KEY[=VALUE]", value_parser = parse_tag)]
    require_tags: Vec<(String, Option<String>)>,
    /// Skip account-baseline rules (CloudTrail, GuardDuty, Config, secret store).
    #[arg(long, conflicts_with = "account_baseline")]
    no_account_baseline: bool,
    /// Run the account-baseline rules even if hardstack.toml switches them off.
    #[arg(long)]
    account_baseline: bool,
    /// Only run these rules (ids, aliases or service prefixes).
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    select: Vec<String>,
    /// Do not run these rules (ids, aliases or service prefixes).
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Colour the text report (`auto`: on a terminal, unless NO_COLOR is set) [default: auto].
    #[arg(long, value_enum)]
    color: Option<ColorWhen>,
    /// Same as `--color never`.
    #[arg(long)]
    no_color: bool,
    /// Text report: group findings by CDK construct (construct path without its
    /// `Resource` child) instead of listing them in file order.
    #[arg(long)]
    group_by_construct: bool,
    /// Findings on resources the CDK adds by itself (custom resource providers, bucket
    /// notification handlers, log retention functions) are listed as suppressed and do not
    /// count.
    #[arg(long)]
    exclude_cdk_internal: bool,
    /// Print only the summary line.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Check the requirements in FILE [default: the `hardstack.toml` found from the
    /// first path upwards].
    #[arg(long, value_name = "FILE")]
    requirements: Option<PathBuf>,
    /// Exit 1 when a requirement is not met or only partly met.
    #[arg(long)]
    fail_on_requirements: bool,
    /// Read settings from FILE [default: the `hardstack.toml` found from the first path
    /// upwards].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Report only findings that are not in the baseline FILE; the others are marked
    /// suppressed (origin `baseline`).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record today's findings in FILE as the baseline (they are then reported as
    /// baselined).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    #[command(flatten)]
    limits: LimitArgs,
}

/// Input limits (hostile-file guards); each error names the flag that raises it.
#[derive(Args)]
struct LimitArgs {
    /// Largest file read, in bytes; K, M and G suffixes allowed [default: 64M].
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_file_size: Option<usize>,
    /// Deepest nesting of mappings and lists [default: 256].
    #[arg(long, value_name = "N")]
    max_depth: Option<usize>,
    /// Nodes YAML alias expansion may add per file [default: 100000].
    #[arg(long, value_name = "N")]
    max_alias_nodes: Option<usize>,
    /// Most resources one template may declare [default: 100000].
    #[arg(long, value_name = "N")]
    max_resources: Option<usize>,
}

/// `65536`, `64K`, `64M`, `1G` (binary multiples), as in `hardstack.toml`.
fn parse_size(s: &str) -> Result<usize, String> {
    config::settings::parse_size(s)
        .ok_or_else(|| format!("expected a size like 65536, 64K, 64M or 1G, got `{s}`"))
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Markdown,
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML, for test dashboards.
    Junit,
    /// GitHub Actions workflow commands (annotations on the diff).
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
    /// The Markdown of docs/rules.md.
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Info,
    Low,
    Medium,
    High,
    Critical,
    None,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        Some(match self {
            FailOn::Info => Severity::Info,
            FailOn::Low => Severity::Low,
            FailOn::Medium => Severity::Medium,
            FailOn::High => Severity::High,
            FailOn::Critical => Severity::Critical,
            FailOn::None => return None,
        })
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

fn parse_param(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("expected KEY=VALUE, got `{s}`")),
    }
}

fn parse_tag(s: &str) -> Result<(String, Option<String>), String> {
    config::settings::parse_tag(s)
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s)
        .ok_or_else(|| format!("`{s}` is not a severity: info, low, medium, high or critical"))
}

fn parse_tier(s: &str) -> Result<rules::Tier, String> {
    match s.to_ascii_lowercase().as_str() {
        "high" => Ok(rules::Tier::High),
        "medium" => Ok(rules::Tier::Medium),
        "low" => Ok(rules::Tier::Low),
        _ => Err(format!("`{s}` is not a tier: high, medium or low")),
    }
}

const USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Scan(args) => run_scan(args),
        Command::Rules {
            filter,
            format,
            service,
            severity,
            tier,
        } => {
            let picked = catalog::filter(
                rules::ALL,
                &catalog::Filter {
                    pattern: filter.as_deref(),
                    service: service.as_deref(),
                    severity,
                    tier,
                },
            );
            if picked.is_empty() {
                let mut services: Vec<&str> = rules::ALL.iter().map(|r| r.meta.service).collect();
                services.sort_unstable();
                services.dedup();
                eprintln!(
                    "error: no rule matches these filters; services are {}; `hardstack rules` lists every rule",
                    services.join(", ")
                );
                return ExitCode::from(USAGE);
            }
            let out = match format {
                ListFormat::Text => catalog::table(&picked),
                ListFormat::Json => catalog::json(&picked),
                ListFormat::Markdown => catalog::markdown(&picked),
            };
            emit_stdout(&out, false)
        }
        Command::Config(args) => match settings(&args) {
            Ok((eff, _)) => {
                let show = |p: &Path| shown_path(p).display().to_string().replace('\\', "/");
                emit_stdout(&eff.render(&show), false)
            }
            Err(code) => code,
        },
        Command::Explain { id } => match catalog::lookup(rules::ALL, &id) {
            Some(rule) => emit_stdout(&catalog::explain(&rule.meta), false),
            None => {
                eprintln!(
                    "error: no rule named `{}` (try an id like S3-001, a slug, or a peer alias like CKV_AWS_19; `hardstack rules` lists them)",
                    render::one_line(&id)
                );
                ExitCode::from(USAGE)
            }
        },
    }
}

/// The settings the file values resolve to beside the command line.
struct Resolved {
    format: OutputFormat,
    color: ColorWhen,
    fail_on: FailOn,
    config_file: Option<PathBuf>,
}

/// The effective configuration: `--config FILE` or the discovered `hardstack.toml`, then
/// the command line, which wins. Errors are printed (located) and make exit code 2.
fn settings(args: &ScanArgs) -> Result<(config::Effective, Resolved), ExitCode> {
    let fail = |msg: String| {
        eprintln!("{}", render::sanitize(&msg));
        ExitCode::from(USAGE)
    };
    let file = args
        .config
        .clone()
        .or_else(|| args.paths.first().and_then(|p| config::discover(p)))
        .map(|p| shown_path(&p));
    let file = match &file {
        Some(p) if args.config.is_some() && !p.is_file() => {
            return Err(fail(format!("error: {}: no such file", p.display())));
        }
        Some(p) => Some(config::load_settings(p).map_err(|e| fail(e.to_string()))?),
        None => None,
    };
    let cli_rules = |flag: &str, v: &[String]| -> Result<Option<Vec<String>>, ExitCode> {
        let v: Vec<String> = v
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        for p in &v {
            config::settings::known_rule(p).map_err(|m| fail(format!("error: {flag}: {m}")))?;
        }
        Ok((!v.is_empty()).then_some(v))
    };
    let overrides = config::Overrides {
        select: cli_rules("--select", &args.select)?,
        ignore: cli_rules("--ignore", &args.ignore)?,
        fail_on: args.fail_on.map(FailOn::threshold),
        region: args.region.clone(),
        account: args.account.clone(),
        params: args.params.clone(),
        require_tags: (!args.require_tags.is_empty()).then(|| args.require_tags.clone()),
        account_baseline: if args.no_account_baseline {
            Some(false)
        } else if args.account_baseline {
            Some(true)
        } else {
            None
        },
        format: args.format.as_ref().and_then(value_name),
        // `--no-color` is `--color never` and wins over `--color always`.
        color: if args.no_color {
            Some("never".to_string())
        } else {
            args.color.as_ref().and_then(value_name)
        },
        quiet: args.quiet.then_some(true),
        group_by_construct: args.group_by_construct.then_some(true),
        exclude_cdk_internal: args.exclude_cdk_internal.then_some(true),
        output: args.output.clone(),
        baseline: args.baseline.clone(),
        fail_on_requirements: args.fail_on_requirements.then_some(true),
        max_file_size: args.limits.max_file_size,
        max_depth: args.limits.max_depth,
        max_alias_nodes: args.limits.max_alias_nodes,
        max_resources: args.limits.max_resources,
    };
    let eff = config::Effective::resolve(file.as_ref(), overrides);
    let bad_value = |s: &config::Setting<String>, what: &str, choices: &str| {
        let at = match &s.origin {
            config::Origin::File(at) => at.clone(),
            o => o.to_string(),
        };
        fail(format!(
            "{at}: error: `{}` is not a {what}: use {choices}",
            s.value
        ))
    };
    let format = OutputFormat::from_str(&eff.format.value, true).map_err(|_| {
        let names: Vec<String> = OutputFormat::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        bad_value(&eff.format, "report format", &names.join(", "))
    })?;
    let color = ColorWhen::from_str(&eff.color.value, true)
        .map_err(|_| bad_value(&eff.color, "colour choice", "auto, always or never"))?;
    let fail_on = match eff.fail_on.value {
        None => FailOn::None,
        Some(Severity::Info) => FailOn::Info,
        Some(Severity::Low) => FailOn::Low,
        Some(Severity::Medium) => FailOn::Medium,
        Some(Severity::High) => FailOn::High,
        Some(Severity::Critical) => FailOn::Critical,
    };
    let config_file = eff.file.clone();
    Ok((
        eff,
        Resolved {
            format,
            color,
            fail_on,
            config_file,
        },
    ))
}

/// A path as messages and origins show it: relative to the current folder when under it.
fn shown_path(p: &Path) -> PathBuf {
    match std::env::current_dir()
        .ok()
        .and_then(|d| std::fs::canonicalize(d).ok())
    {
        Some(cwd) if p.is_absolute() => match p.strip_prefix(&cwd) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
            _ => p.to_path_buf(),
        },
        _ => p.to_path_buf(),
    }
}

fn value_name<V: ValueEnum>(v: &V) -> Option<String> {
    v.to_possible_value().map(|p| p.get_name().to_string())
}

fn run_scan(args: ScanArgs) -> ExitCode {
    let (eff, resolved) = match settings(&args) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut opts = eff.options();
    opts.exclude_cdk_internal = eff.exclude_cdk_internal.value;
    let output = eff.output.value.clone();
    let quiet = eff.quiet.value;
    let fail_on_requirements = eff.fail_on_requirements.value;

    // Requirements: `--requirements FILE`, else the configuration file if it has some.
    let mut requirements_file = None;
    let explicit = args.requirements.as_deref();
    let located = explicit
        .map(Path::to_path_buf)
        .or_else(|| resolved.config_file.clone())
        .or_else(|| reqs::locate(None, &args.paths));
    if let Some(path) = located {
        match config::load_requirements(&path) {
            Ok(r) if r.items.is_empty() && args.requirements.is_none() => {}
            Ok(r) => {
                opts = opts.with_requirements(r);
                requirements_file = Some(path);
            }
            Err(e) => {
                eprintln!("{}", render::sanitize(&e.to_string()));
                return ExitCode::from(USAGE);
            }
        }
    }

    let mut result = scan(&args.paths, &opts);

    // Baseline: record today's findings, or mark those a baseline holds.
    let mut tally = None;
    if let Some(path) = &args.write_baseline {
        let b = baseline::record(&result.reports, &baseline::root_of(path));
        if let Err(e) = write_atomically(path, b.to_json().as_bytes()) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(USAGE);
        }
        eprintln!(
            "wrote {} findings to the baseline {}",
            b.entries.len(),
            path.display()
        );
        tally = Some(baseline::apply(&mut result.reports, &b, path));
    } else if let Some(path) = &eff.baseline.value {
        let path = &shown_path(path);
        match baseline::Baseline::load(path) {
            Ok(b) => tally = Some(baseline::apply(&mut result.reports, &b, path)),
            Err(e) => {
                eprintln!("{}", render::sanitize(&e));
                return ExitCode::from(USAGE);
            }
        }
    }
    let target = match args.paths.as_slice() {
        // `hardstack scan` with no paths: name the folder, not `.`.
        [only] if only.as_os_str() == "." => std::env::current_dir()
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| ".".into()),
        paths => paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" "),
    };
    let mut report = Report::new(&result, target);
    if let Some(t) = tally {
        report = report.with_baseline(t);
    }
    if let Some(path) = &requirements_file {
        report = report.with_requirements(path, check_requirements(&result, &opts));
    }

    // Load and walk errors always reach stderr, whatever the format and destination.
    for e in &result.errors {
        eprintln!("{}", render::sanitize(&e.to_string()));
    }
    for e in &result.walk_errors {
        eprintln!("error: {}", render::sanitize(&e.to_string()));
    }
    // A file named on the command line that is not a template deserves a word; files
    // met while walking a folder are skipped quietly.
    for p in result.skipped.iter().filter(|p| args.paths.contains(p)) {
        eprintln!(
            "{}: warning: not a CloudFormation template (no Resources section); skipped",
            render::sanitize(&p.display().to_string())
        );
    }
    for p in opts
        .select
        .iter()
        .chain(&opts.ignore)
        .filter(|p| config::settings::unmatched_peer_id(p))
    {
        eprintln!(
            "warning: {}: a peer tool's rule id that no hardstack rule implements; ignored",
            render::sanitize(p)
        );
    }
    // `--param` names no scanned template defines are probably typos.
    for name in opts.params.keys().filter(|n| {
        !result
            .reports
            .iter()
            .any(|r| r.parameters.iter().any(|p| p == *n))
    }) {
        eprintln!(
            "warning: --param {}: no scanned template has a parameter of that name",
            render::sanitize(name)
        );
    }

    let to_terminal = output.is_none();
    let color = to_terminal
        && matches!(resolved.format, OutputFormat::Text)
        && match resolved.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                let out = std::io::stdout();
                out.is_terminal()
                    && anstream::AutoStream::choice(&out) != anstream::ColorChoice::Never
            }
        };
    let rendered = match resolved.format {
        OutputFormat::Text => render::text::render(
            &report,
            TextOptions {
                color,
                quiet,
                errors_elsewhere: to_terminal,
                by_construct: eff.group_by_construct.value,
            },
        ),
        OutputFormat::Markdown => render::markdown::render(&report),
        OutputFormat::Json => render::json::render(&report),
        OutputFormat::Sarif => render::sarif::render(&report),
        OutputFormat::Junit => render::junit::render(&report),
        OutputFormat::Github => render::github::render(&report),
    };
    let written = match &output {
        Some(path) => write_atomically(path, rendered.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => write_stdout(&rendered, color)
            .map_err(|e| format!("cannot write to standard output: {e}")),
    };
    if let Err(e) = written {
        eprintln!("error: {e}");
        return ExitCode::from(USAGE);
    }
    if output.is_some() && !quiet {
        // Keep the one-line verdict on the terminal when the report went to a file.
        eprintln!("{}", render::text::summary(&report, false));
    }

    if !result.errors.is_empty() || !result.walk_errors.is_empty() {
        return ExitCode::from(USAGE);
    }
    let failing = resolved.fail_on.threshold().is_some_and(|t| {
        report
            .findings()
            .any(|f| f.suppressed.is_none() && f.severity >= t)
    });
    let unmet = fail_on_requirements
        && report.requirements.as_ref().is_some_and(|r| {
            r.results
                .iter()
                .any(|r| matches!(r.status, Status::NotMet | Status::PartlyMet))
        });
    if failing || unmet {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn emit_stdout(s: &str, color: bool) -> ExitCode {
    match write_stdout(s, color) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write to standard output: {e}");
            ExitCode::from(USAGE)
        }
    }
}

fn write_stdout(s: &str, color: bool) -> std::io::Result<()> {
    let result = if color {
        let mut out = anstream::AutoStream::new(std::io::stdout(), anstream::ColorChoice::Always);
        out.write_all(s.as_bytes()).and_then(|()| out.flush())
    } else {
        let mut out = std::io::stdout().lock();
        out.write_all(s.as_bytes()).and_then(|()| out.flush())
    };
    // A closed pipe (`hardstack scan | head`) is not an error worth reporting.
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Write `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees a half-written report.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
