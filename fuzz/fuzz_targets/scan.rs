//! Any text through the whole pipeline (load, model, eval, graph, rules, assess).
#![no_main]

use std::path::Path;

use hardstack::{FileOutcome, Options, scan_source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut opts = Options::default();
    opts.limits.max_bytes = 1 << 20;
    if let FileOutcome::Scanned(report) = scan_source(Path::new("fuzz.yaml"), text, &opts) {
        let _ = hardstack::assess::assess(std::slice::from_ref(&report));
    }
});
