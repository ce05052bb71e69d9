//! Loads every template in the shared corpus of real, public CloudFormation templates.
//! Good folders must load; `cfn-lint-bad` may fail, but only with a real position.

use std::path::{Path, PathBuf};

use hardstack::load::{Limits, load_file};

fn corpus_root() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../shared/corpus/real", "../../shared/corpus/real"]
        .iter()
        .map(|p| manifest.join(p))
        .find(|p| p.is_dir())
}

fn templates(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            templates(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("template" | "json" | "yaml" | "yml")
        ) {
            out.push(p);
        }
    }
}

#[test]
fn corpus_loads() {
    let Some(root) = corpus_root() else {
        println!("note: shared corpus not found next to the project; skipping");
        return;
    };
    let mut files = Vec::new();
    templates(&root, &mut files);
    assert!(!files.is_empty(), "no templates under {}", root.display());
    let limits = Limits::default();
    let (mut good_ok, mut bad_ok, mut bad_err, mut diags) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for f in &files {
        let bad = f.components().any(|c| c.as_os_str() == "cfn-lint-bad");
        let result = std::panic::catch_unwind(|| load_file(f, &limits));
        match result {
            Err(_) => failures.push(format!("{}: PANIC", f.display())),
            Ok(Ok(loaded)) => {
                diags += loaded.diagnostics.len();
                if bad { bad_ok += 1 } else { good_ok += 1 }
            }
            Ok(Err(e)) if bad => {
                println!("expected-bad: {e}");
                if e.pos.line < 1 {
                    failures.push(format!("{e} (no line)"));
                }
                bad_err += 1;
            }
            Ok(Err(e)) => failures.push(e.to_string()),
        }
    }
    println!(
        "corpus: {} files; good folders loaded {good_ok}; cfn-lint-bad loaded {bad_ok}, failed {bad_err}; {diags} diagnostics",
        files.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
