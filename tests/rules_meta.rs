//! Every rule has complete metadata, a unique id, a file of its own, and fixtures that
//! both fire and stay quiet.

use std::collections::BTreeSet;
use std::path::Path;

use hardstack::rules::{ALL, FILES};

#[test]
fn ids_and_slugs_are_unique_and_well_formed() {
    let mut ids = BTreeSet::new();
    let mut slugs = BTreeSet::new();
    for r in ALL {
        let m = &r.meta;
        assert!(ids.insert(m.id), "duplicate id {}", m.id);
        assert!(slugs.insert(m.slug), "duplicate slug {}", m.slug);
        let (prefix, num) = m.id.split_once('-').expect("id is PREFIX-NNN");
        assert!(
            prefix
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                && num.len() == 3
                && num.chars().all(|c| c.is_ascii_digit()),
            "{}",
            m.id
        );
        assert!(
            m.slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}",
            m.slug
        );
        for (name, text) in [
            ("title", m.title),
            ("strength", m.strength),
            ("rationale", m.rationale),
            ("risk", m.risk),
            ("impact", m.impact),
            ("remediation", m.remediation),
            ("fix.yaml", m.fix.yaml),
            ("fix.json", m.fix.json),
        ] {
            assert!(!text.trim().is_empty(), "{} has an empty {name}", m.id);
        }
        assert!(!m.references.is_empty(), "{} has no references", m.id);
        assert!(
            m.resource_types.iter().all(|t| t.contains("::")),
            "{} resource types",
            m.id
        );
    }
}

#[test]
fn registry_matches_rule_files_on_disk() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let mut on_disk = BTreeSet::new();
    // `support/` holds helpers shared by rules (policy documents, ports, tags), not rules.
    for svc in std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.ends_with("support"))
    {
        for f in std::fs::read_dir(&svc).unwrap().map(|e| e.unwrap().path()) {
            if f.extension().is_some_and(|e| e == "rs") {
                on_disk.insert((
                    svc.file_name().unwrap().to_string_lossy().to_string(),
                    f.file_stem().unwrap().to_string_lossy().to_string(),
                ));
            }
        }
    }
    let registered: BTreeSet<(String, String)> = FILES
        .iter()
        .map(|(s, f)| (s.to_string(), f.to_string()))
        .collect();
    assert_eq!(
        on_disk, registered,
        "src/rules/<service>/*.rs and the registry in src/rules/mod.rs differ"
    );
}

#[test]
fn every_rule_has_fixtures_that_fire_and_stay_quiet() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    for r in ALL {
        let id = r.meta.id;
        let dir = root.join(id);
        assert!(
            dir.is_dir(),
            "{id} has no fixture folder tests/fixtures/rules/{id}/"
        );
        let texts: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        let fires = texts.iter().any(|t| t.contains(&format!("# expect: {id}")));
        let quiet = texts.iter().any(|t| t.contains(&format!("# pass: {id}")));
        assert!(fires, "{id}: no fixture line marked `# expect: {id}`");
        assert!(
            quiet,
            "{id}: no fixture resource marked `# pass: {id}` (a case where it stays quiet)"
        );
    }
}
