//! The `hardstack` command line: a thin layer over [`hardstack::scan`] and the renderers.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use hardstack::assess::requirements::{self as reqs, Status};
use hardstack::render::{self, Report, catalog, text::TextOptions};
use hardstack::rules::{self, Severity};
use hardstack::{Options, check_requirements, config, scan};

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
    /// List every rule.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
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
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
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
    /// Exit 1 when an unsuppressed finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::High)]
    fail_on: FailOn,
    /// Tag every taggable resource must carry (repeatable).
    #[arg(long = "require-tag", value_name = "KEY[=VALUE]", value_parser = parse_tag)]
    require_tags: Vec<(String, Option<String>)>,
    /// Skip account-baseline rules (CloudTrail, GuardDuty, Config, secret store).
    #[arg(long)]
    no_account_baseline: bool,
    /// Only run these rules (ids, aliases or service prefixes).
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    select: Vec<String>,
    /// Do not run these rules (ids, aliases or service prefixes).
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Colour the text report.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
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

impl LimitArgs {
    fn apply(&self, limits: &mut hardstack::load::Limits) {
        if let Some(n) = self.max_file_size {
            limits.max_bytes = n;
        }
        if let Some(n) = self.max_depth {
            limits.max_depth = n;
        }
        if let Some(n) = self.max_alias_nodes {
            limits.max_alias_nodes = n;
        }
        if let Some(n) = self.max_resources {
            limits.max_resources = n;
        }
    }
}

/// `65536`, `64K`, `64M`, `1G` (binary multiples).
fn parse_size(s: &str) -> Result<usize, String> {
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
        .ok_or_else(|| format!("expected a size like 65536, 64K, 64M or 1G, got `{s}`"))
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
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
    let (k, v) = match s.split_once('=') {
        Some((k, v)) => (k, Some(v.to_string())),
        None => (s, None),
    };
    if k.trim().is_empty() {
        return Err(format!("expected KEY or KEY=VALUE, got `{s}`"));
    }
    Ok((k.trim().to_string(), v))
}

const USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Scan(args) => run_scan(args),
        Command::Rules { format } => {
            let out = match format {
                ListFormat::Text => catalog::table(rules::ALL),
                ListFormat::Json => catalog::json(rules::ALL),
            };
            emit_stdout(&out, false)
        }
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

fn run_scan(args: ScanArgs) -> ExitCode {
    let mut opts = Options {
        region: args.region.clone(),
        account: args.account.clone(),
        params: args.params.iter().cloned().collect(),
        select: args
            .select
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        ignore: args
            .ignore
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        ..Options::default()
    };
    opts.rules.required_tags = args.require_tags.clone();
    opts.rules.account_baseline = !args.no_account_baseline;
    args.limits.apply(&mut opts.limits);

    // Requirements: `--requirements FILE`, else a discovered hardstack.toml that has some.
    let mut requirements_file = None;
    if let Some(path) = reqs::locate(args.requirements.as_deref(), &args.paths) {
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

    let result = scan(&args.paths, &opts);
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

    let to_terminal = args.output.is_none();
    let color = to_terminal
        && matches!(args.format, OutputFormat::Text)
        && match args.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                let out = std::io::stdout();
                out.is_terminal()
                    && anstream::AutoStream::choice(&out) != anstream::ColorChoice::Never
            }
        };
    let rendered = match args.format {
        OutputFormat::Text => render::text::render(
            &report,
            TextOptions {
                color,
                quiet: args.quiet,
                errors_elsewhere: to_terminal,
            },
        ),
        OutputFormat::Markdown => render::markdown::render(&report),
        OutputFormat::Json => render::json::render(&report),
    };
    let written = match &args.output {
        Some(path) => write_atomically(path, rendered.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => write_stdout(&rendered, color)
            .map_err(|e| format!("cannot write to standard output: {e}")),
    };
    if let Err(e) = written {
        eprintln!("error: {e}");
        return ExitCode::from(USAGE);
    }
    if args.output.is_some() && !args.quiet {
        // Keep the one-line verdict on the terminal when the report went to a file.
        eprintln!("{}", render::text::summary(&report, false));
    }

    if !result.errors.is_empty() || !result.walk_errors.is_empty() {
        return ExitCode::from(USAGE);
    }
    let failing = args.fail_on.threshold().is_some_and(|t| {
        report
            .findings()
            .any(|f| f.suppressed.is_none() && f.severity >= t)
    });
    let unmet = args.fail_on_requirements
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
