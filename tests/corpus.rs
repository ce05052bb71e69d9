//! Scans every template in the shared corpus of real, public CloudFormation templates
//! through the whole pipeline. Good folders must load and scan; `cfn-lint-bad` may fail to
//! load, but only with a real position; nothing may panic.

use std::path::{Path, PathBuf};

use hardstack::{FileOutcome, Options, scan_file};

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
fn corpus_scans() {
    let Some(root) = corpus_root() else {
        println!("note: shared corpus not found next to the project; skipping");
        return;
    };
    let mut files = Vec::new();
    templates(&root, &mut files);
    assert!(!files.is_empty(), "no templates under {}", root.display());
    let opts = Options::default();
    let (mut good_ok, mut bad_ok, mut bad_err, mut diags, mut skipped, mut findings) =
        (0, 0, 0, 0, 0, 0);
    // Exactly these five are broken by design (corpus MANIFEST).
    let mut expected_bad = 0;
    let mut failures = Vec::new();
    for f in &files {
        let bad = f.components().any(|c| c.as_os_str() == "cfn-lint-bad");
        let result = std::panic::catch_unwind(|| scan_file(f, &opts));
        match result {
            Err(_) => failures.push(format!("{}: PANIC", f.display())),
            Ok(FileOutcome::Scanned(r)) => {
                diags += r.diagnostics.len();
                findings += r.findings.len();
                if bad { bad_ok += 1 } else { good_ok += 1 }
            }
            Ok(FileOutcome::NotATemplate(_)) if bad => skipped += 1,
            Ok(FileOutcome::NotATemplate(p)) => {
                failures.push(format!("{}: not recognised as a template", p.display()))
            }
            Ok(FileOutcome::Failed(e)) if bad => {
                expected_bad += 1;
                println!("expected-bad: {e}");
                if e.pos.line < 1 {
                    failures.push(format!("{e} (no line)"));
                }
                bad_err += 1;
            }
            Ok(FileOutcome::Failed(e)) => failures.push(e.to_string()),
        }
    }
    println!(
        "corpus: {} files; good folders scanned {good_ok}; cfn-lint-bad scanned {bad_ok}, failed {bad_err}; \
         {skipped} not templates; {findings} findings; {diags} diagnostics",
        files.len()
    );
    assert_eq!(
        expected_bad, 5,
        "the corpus holds exactly five files broken by design"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
