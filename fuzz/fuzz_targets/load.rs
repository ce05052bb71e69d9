//! Any bytes into the loader (JSON or YAML by sniffing): no panic, bounded work.
#![no_main]

use std::path::Path;

use hardstack::load::{Limits, load_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits { max_bytes: 1 << 20, ..Limits::default() };
    let _ = load_bytes(Path::new("fuzz.yaml"), data, &limits);
});
