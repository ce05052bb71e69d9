//! Hostile input: every file in `tests/hostile/` (and the big ones made here at run time)
//! with the outcome expected for it. None may panic, hang or use unbounded memory, and no
//! byte of a template may reach the terminal raw.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use hardstack::load::{self, Limits, LoadErrorKind};
use hardstack::{FileOutcome, Options, scan_file};

fn hostile(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(name)
}

/// Scan one file of the folder with default options; the outcome, and how long it took.
fn scan(name: &str) -> FileOutcome {
    let start = Instant::now();
    let out = scan_file(&hostile(name), &Options::default());
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{name} took {:?}",
        start.elapsed()
    );
    out
}

fn error(name: &str) -> (LoadErrorKind, u32, String) {
    match scan(name) {
        FileOutcome::Failed(e) => (e.kind.clone(), e.pos.line, e.to_string()),
        other => panic!("{name}: expected a load error, got {other:?}"),
    }
}

fn syntax(name: &str) -> String {
    match error(name) {
        (LoadErrorKind::Syntax(m), line, _) => {
            assert!(line >= 1, "{name}: no line");
            m
        }
        other => panic!("{name}: expected a syntax error, got {other:?}"),
    }
}

fn hardstack(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hardstack"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run hardstack")
}

#[test]
fn alias_bomb_fails_fast() {
    let (kind, _, msg) = error("alias-bomb.yaml");
    assert_eq!(kind, LoadErrorKind::AliasLimit(100_000));
    assert!(msg.contains("billion-laughs") && msg.contains("--max-alias-nodes"));
}

#[test]
fn merge_key_bomb_fails_fast() {
    assert_eq!(
        error("merge-key-bomb.yaml").0,
        LoadErrorKind::AliasLimit(100_000)
    );
}

#[test]
fn alias_to_itself_and_undefined_alias_are_syntax_errors() {
    assert!(syntax("alias-cycle.yaml").contains("not complete"));
    syntax("undefined-alias.yaml");
}

#[test]
fn nul_bytes_are_located_errors() {
    let (kind, line, _) = error("nul-bytes.yaml");
    assert!(matches!(kind, LoadErrorKind::Syntax(_)), "{kind:?}");
    assert_eq!(line, 5);
    let m = syntax("nul-bytes.json");
    assert!(m.contains("control character U+0000"), "{m}");
}

#[test]
fn invalid_utf8_points_at_the_bad_byte() {
    match scan("invalid-utf8.yaml") {
        FileOutcome::Failed(e) => {
            assert_eq!(e.kind, LoadErrorKind::InvalidUtf8);
            assert_eq!((e.pos.line, e.pos.col), (5, 23), "{e}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn utf16_with_bom_is_named_as_such() {
    let (kind, _, msg) = error("utf16le-bom.json");
    assert_eq!(kind, LoadErrorKind::Utf16("little-endian"));
    assert!(msg.contains("must be UTF-8"), "{msg}");
    assert_eq!(
        error("utf16be-bom.yaml").0,
        LoadErrorKind::Utf16("big-endian")
    );
}

#[test]
fn duplicate_keys_load_with_a_diagnostic_naming_both_lines() {
    for name in ["duplicate-keys.yaml", "duplicate-keys.json"] {
        let FileOutcome::Scanned(r) = scan(name) else {
            panic!("{name} did not scan")
        };
        // The last definition wins, as CloudFormation deploys it.
        assert_eq!(r.resources, 1, "{name}");
        assert!(
            r.diagnostics
                .iter()
                .any(|d| d.message.contains("duplicate") || d.message.contains("Duplicate")),
            "{name}: {:?}",
            r.diagnostics
        );
    }
}

#[test]
fn truncated_and_malformed_files_are_syntax_errors() {
    syntax("truncated.json");
    syntax("unclosed-flow.yaml");
    syntax("tab-indent.yaml");
}

#[test]
fn empty_files_are_not_templates() {
    for name in ["empty.yaml", "only-bom.json"] {
        assert!(matches!(scan(name), FileOutcome::NotATemplate(_)), "{name}");
    }
}

#[test]
fn nesting_past_the_limit_is_refused() {
    // YAML flow collections stop at the parser's own cap of 255 levels.
    assert_eq!(error("deep-flow-300.yaml").0, LoadErrorKind::TooDeep(255));
}

#[test]
fn ten_thousand_deep_nesting_is_refused_in_every_form() {
    let n = 10_000;
    let docs = [
        ("deep.json", format!("{}{}", "[".repeat(n), "]".repeat(n))),
        (
            "deep-obj.json",
            format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n)),
        ),
        (
            "deep-flow.yaml",
            format!("{}{}", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "deep-map.yaml",
            format!("{}1{}", "{a: ".repeat(n), "}".repeat(n)),
        ),
        ("deep-block.yaml", format!("{}x\n", "- ".repeat(n))),
        ("deep-unclosed.json", "[".repeat(n)),
    ];
    for (name, text) in docs {
        let start = Instant::now();
        let e =
            load::load_bytes(Path::new(name), text.as_bytes(), &Limits::default()).expect_err(name);
        assert!(start.elapsed() < Duration::from_secs(5), "{name}");
        assert!(
            matches!(e.kind, LoadErrorKind::TooDeep(255 | 256)),
            "{name}: {e}"
        );
        assert!(e.to_string().contains("--max-depth"));
    }
}

#[test]
fn a_100_mb_single_line_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("line.yaml");
    let f = std::fs::File::create(&path).unwrap();
    // Sparse: 100 MB long, one line, no disk needed.
    f.set_len(100 << 20).unwrap();
    let start = Instant::now();
    let FileOutcome::Failed(e) = scan_file(&path, &Options::default()) else {
        panic!("100 MB file loaded")
    };
    assert!(start.elapsed() < Duration::from_secs(1));
    assert_eq!(
        e.kind,
        LoadErrorKind::TooLarge {
            size: 100 << 20,
            limit: 64 << 20
        }
    );
    assert!(e.to_string().contains("--max-file-size"), "{e}");
    // The same bytes held in memory.
    let line = vec![b'x'; 100 << 20];
    let e = load::load_bytes(&path, &line, &Limits::default()).unwrap_err();
    assert!(matches!(e.kind, LoadErrorKind::TooLarge { .. }));
}

#[test]
fn a_long_single_line_under_the_limit_loads() {
    // 8 MB of one scalar on one line: loads, and fast enough in a debug build.
    let text = format!(
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Metadata:\n      Blob: {}\n",
        "x".repeat(8 << 20)
    );
    let start = Instant::now();
    let l = load::load_bytes(Path::new("long.yaml"), text.as_bytes(), &Limits::default()).unwrap();
    assert!(start.elapsed() < Duration::from_secs(20));
    assert_eq!(l.root.get("Resources").unwrap().entries().len(), 1);
}

#[test]
fn devices_and_fifos_are_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let zero = dir.path().join("zero.yaml");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let FileOutcome::Failed(e) = scan_file(&zero, &Options::default()) else {
        panic!("/dev/zero was read")
    };
    assert_eq!(e.kind, LoadErrorKind::Io("not a regular file".into()));
    let fifo = dir.path().join("pipe.yaml");
    let ok = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        let FileOutcome::Failed(e) = scan_file(&fifo, &Options::default()) else {
            panic!("fifo was read")
        };
        assert_eq!(e.kind, LoadErrorKind::Io("not a regular file".into()));
        // Met while walking a folder, neither blocks the scan.
        let o = hardstack(dir.path(), &["scan", "--fail-on", "none"]);
        assert!(o.status.code().is_some());
    }
}

#[test]
fn symlink_loops_and_broken_links_in_a_walked_folder_do_not_stop_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(
        sub.join("ok.yaml"),
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.path(), sub.join("loop")).unwrap();
    std::os::unix::fs::symlink("self.yaml", sub.join("self.yaml")).unwrap();
    std::os::unix::fs::symlink("missing.yaml", sub.join("broken.yaml")).unwrap();
    let start = Instant::now();
    let r = hardstack::scan(&[dir.path().to_path_buf()], &Options::default());
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(r.reports.len(), 1, "{r:?}");
    // Named explicitly, a looping link is reported (and the rest still scanned).
    let r = hardstack::scan(
        &[sub.join("self.yaml"), sub.join("ok.yaml")],
        &Options::default(),
    );
    assert_eq!(r.reports.len(), 1);
    assert_eq!(r.walk_errors.len() + r.errors.len(), 1, "{r:?}");
}

#[test]
fn too_many_resources_is_refused_and_the_flag_raises_the_limit() {
    let mut text = String::from("Resources:\n");
    for i in 0..11 {
        text.push_str(&format!("  Q{i}:\n    Type: AWS::SQS::Queue\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("many.yaml"), &text).unwrap();
    let o = hardstack(
        dir.path(),
        &["scan", "--max-resources", "10", "--fail-on", "none"],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("many.yaml:1:1: error: template declares 11 resources, over the limit of 10 (raise it with --max-resources)"),
        "{err}"
    );
    let o = hardstack(
        dir.path(),
        &["scan", "--max-resources", "11", "--fail-on", "none"],
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn limit_flags_override_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let deep = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Metadata: {a: {b: {c: {d: 1}}}}\n";
    std::fs::write(dir.path().join("t.yaml"), deep).unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["scan", "--fail-on", "none"];
        all.extend_from_slice(args);
        let o = hardstack(dir.path(), &all);
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    assert_eq!(run(&[]).0, Some(0));
    let (code, err) = run(&["--max-depth", "4"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("nesting deeper than 4 levels"), "{err}");
    let (code, err) = run(&["--max-file-size", "64"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("over the 64-byte limit"), "{err}");
    assert_eq!(run(&["--max-file-size", "1K"]).0, Some(0));
    let (code, err) = run(&["--max-file-size", "lots"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("expected a size"), "{err}");

    std::fs::copy(hostile("alias-bomb.yaml"), dir.path().join("t.yaml")).unwrap();
    let (code, err) = run(&["--max-alias-nodes", "50"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("exceeds 50 nodes"), "{err}");
}

/// ESC, BEL, CSI/OSC sequences and C1 controls in a template come out as visible escapes
/// in every report format, and never on stderr.
#[test]
fn terminal_escapes_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        hostile("terminal-escapes.yaml"),
        dir.path().join("evil\u{1b}[31m.yaml"),
    )
    .unwrap();
    for format in ["text", "markdown", "json"] {
        let o = hardstack(
            dir.path(),
            &[
                "scan",
                "--format",
                format,
                "--fail-on",
                "none",
                "--color",
                "never",
            ],
        );
        let out = String::from_utf8_lossy(&o.stdout);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{format}: {err}");
        assert!(out.contains("S3-"), "{format}: {out}");
        let raw = |s: &str| {
            s.chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
        };
        assert!(!raw(&out), "{format}: {out:?}");
        assert!(!raw(&err), "{format}: {err:?}");
    }
}

/// Every file in tests/hostile/ is named by a test above.
#[test]
fn every_hostile_file_has_a_test() {
    let src = include_str!("hostile.rs");
    for e in std::fs::read_dir(hostile("")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(src.contains(&format!("\"{name}\"")), "{name} has no test");
    }
}
