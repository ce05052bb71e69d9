//! Per-stage micro benchmarks: load (JSON, YAML), model, eval, graph + rules, render
//! (Markdown, JSON), on generated templates of 10, 1,000 and 10,000 resources and on the
//! largest templates of `../shared/corpus/real` (when it is there).
//!
//!     cargo bench --bench stages              # everything
//!     cargo bench --bench stages -- load      # one stage
//!
//! The generated templates come from `bench/gen.py` (run here when
//! `target/bench-templates` lacks them). Figures are in `bench/RESULTS.md`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::{Bencher, black_box};
use hardstack::load::{self, Limits, Loaded};
use hardstack::render::{self, Report};
use hardstack::{FileOutcome, Options, ScanResult, eval, graph, model, rules};

const SIZES: &[usize] = &[10, 1000, 10000];

fn main() {
    divan::main();
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `resources-N.{json,yaml}` from bench/gen.py, generated on first use.
fn generated(n: usize, ext: &str) -> &'static str {
    static FILES: OnceLock<HashMap<String, String>> = OnceLock::new();
    let files = FILES.get_or_init(|| {
        let dir = root().join("target/bench-templates");
        if !dir.join("resources-10000.yaml").is_file() {
            let ok = std::process::Command::new("python3")
                .arg(root().join("bench/gen.py"))
                .arg(&dir)
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "python3 bench/gen.py {} failed", dir.display());
        }
        let mut m = HashMap::new();
        for n in SIZES {
            for ext in ["json", "yaml"] {
                let name = format!("resources-{n}.{ext}");
                m.insert(
                    name.clone(),
                    std::fs::read_to_string(dir.join(&name)).unwrap(),
                );
            }
        }
        m
    });
    &files[&format!("resources-{n}.{ext}")]
}

/// The three largest templates of the shared corpus (empty when it is not there).
fn largest_corpus() -> &'static [(String, String)] {
    static FILES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut files: Vec<(u64, PathBuf)> = Vec::new();
        let mut stack = vec![root().join("../shared/corpus/real")];
        while let Some(dir) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in rd.flatten() {
                let Ok(t) = e.file_type() else { continue };
                if t.is_dir() {
                    stack.push(e.path());
                } else if t.is_file() {
                    files.push((e.metadata().map_or(0, |m| m.len()), e.path()));
                }
            }
        }
        files.sort_by(|a, b| b.0.cmp(&a.0));
        files
            .into_iter()
            .filter_map(|(size, p)| {
                let text = std::fs::read_to_string(&p).ok()?;
                let name = format!(
                    "{}KB-{}",
                    size / 1024,
                    p.file_name()?
                        .to_string_lossy()
                        .chars()
                        .take(30)
                        .collect::<String>()
                );
                Some((name, text))
            })
            .filter(|(_, text)| {
                load::load_bytes(Path::new("x"), text.as_bytes(), &Limits::default())
                    .ok()
                    .and_then(|l| model::build(l).ok())
                    .is_some()
            })
            .take(3)
            .collect()
    })
}

fn loaded(text: &str) -> Loaded {
    load::load_bytes(
        Path::new("bench.template"),
        text.as_bytes(),
        &Limits::default(),
    )
    .unwrap()
}

fn template(text: &str) -> model::Template {
    model::build(loaded(text)).unwrap()
}

fn env() -> eval::Env {
    eval::Env::new(None, None, HashMap::new())
}

fn scanned(text: &str) -> ScanResult {
    let FileOutcome::Scanned(report) =
        hardstack::scan_source(Path::new("bench.yaml"), text, &Options::default())
    else {
        panic!("not a template")
    };
    ScanResult {
        reports: vec![report],
        ..ScanResult::default()
    }
}

#[divan::bench(args = SIZES)]
fn load_json(b: Bencher, n: usize) {
    let text = generated(n, "json");
    b.counter(divan::counter::BytesCount::of_str(text))
        .bench(|| loaded(black_box(text)));
}

#[divan::bench(args = SIZES)]
fn load_yaml(b: Bencher, n: usize) {
    let text = generated(n, "yaml");
    b.counter(divan::counter::BytesCount::of_str(text))
        .bench(|| loaded(black_box(text)));
}

#[divan::bench(args = SIZES)]
fn model_build(b: Bencher, n: usize) {
    let l = loaded(generated(n, "yaml"));
    b.with_inputs(|| l.clone())
        .bench_values(|l| model::build(l).unwrap());
}

#[divan::bench(args = SIZES)]
fn evaluate(b: Bencher, n: usize) {
    let t = template(generated(n, "yaml"));
    b.bench(|| eval::evaluate(black_box(&t), env()));
}

#[divan::bench(args = SIZES)]
fn graph_and_rules(b: Bencher, n: usize) {
    let t = template(generated(n, "yaml"));
    let e = eval::evaluate(&t, env());
    let config = rules::RuleConfig::default();
    b.bench(|| {
        let g = graph::build(&t);
        let cx = rules::Ctx {
            template: &t,
            eval: &e,
            graph: &g,
            config: &config,
            memo: Default::default(),
        };
        rules::run(&cx, &|_| true)
    });
}

#[divan::bench(args = SIZES)]
fn render_markdown(b: Bencher, n: usize) {
    let result = scanned(generated(n, "yaml"));
    b.bench(|| render::markdown::render(&Report::new(&result, "bench")));
}

#[divan::bench(args = SIZES)]
fn render_json(b: Bencher, n: usize) {
    let result = scanned(generated(n, "yaml"));
    b.bench(|| render::json::render(&Report::new(&result, "bench")));
}

/// Every stage but rendering (what `scan` does per file).
#[divan::bench(args = SIZES)]
fn whole_scan_yaml(b: Bencher, n: usize) {
    let text = generated(n, "yaml");
    b.bench(|| {
        hardstack::scan_source(
            Path::new("bench.yaml"),
            black_box(text),
            &Options::default(),
        )
    });
}

#[divan::bench(args = [0, 1, 2])]
fn corpus_largest_load(b: Bencher, i: usize) {
    let Some((name, text)) = largest_corpus().get(i) else {
        return;
    };
    eprintln!("corpus_largest[{i}] = {name}");
    b.bench(|| loaded(black_box(text)));
}

#[divan::bench(args = [0, 1, 2])]
fn corpus_largest_scan(b: Bencher, i: usize) {
    let Some((_, text)) = largest_corpus().get(i) else {
        return;
    };
    b.bench(|| {
        hardstack::scan_source(
            Path::new("bench.yaml"),
            black_box(text),
            &Options::default(),
        )
    });
}
