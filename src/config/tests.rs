use super::*;

#[test]
fn line_and_column_count_characters() {
    let text = "a = 1\nb = \"é\" x\n";
    assert_eq!(line_col(text, 0), (1, 1));
    assert_eq!(line_col(text, 6), (2, 1));
    // After the two-byte é: column counts characters, not bytes.
    let x = text.find('x').unwrap();
    assert_eq!(line_col(text, x), (2, 9));
    assert_eq!(line_col(text, 10_000), (3, 1));
}

#[test]
fn counts_and_shorthands_read_as_written() {
    let reqs = parse_requirements(
        Path::new("h.toml"),
        r#"
[[requirements]]
title = "  Subnets  "
public_subnets = 2
private_subnets = { at_least = 1, at_most = 3 }
instance_type = ["t3.medium", "t3.large"]
required_tags = { Owner = "*", Environment = "Production" }
"#,
    )
    .unwrap();
    let r = &reqs.items[0];
    assert_eq!(r.title, "Subnets");
    assert_eq!(r.line, 2);
    assert_eq!(r.checks[0], Check::PublicSubnets(Count::exactly(2)));
    assert_eq!(
        r.checks[1],
        Check::PrivateSubnets(Count {
            min: Some(1),
            max: Some(3)
        })
    );
    assert_eq!(
        r.checks[2],
        Check::InstanceType(vec!["t3.medium".into(), "t3.large".into()])
    );
    assert_eq!(
        reqs.required_tags(),
        vec![
            ("Environment".to_string(), Some("Production".to_string())),
            ("Owner".to_string(), None)
        ]
    );
}

#[test]
fn negative_and_inverted_counts_are_errors() {
    let e = parse_requirements(
        Path::new("h.toml"),
        "[[requirements]]\ntitle = \"x\"\npublic_subnets = -1\n",
    )
    .unwrap_err();
    assert_eq!((e.line, e.col), (3, 18));
    let e = parse_requirements(
        Path::new("h.toml"),
        "[[requirements]]\ntitle = \"x\"\npublic_subnets = { at_least = 3, at_most = 1 }\n",
    )
    .unwrap_err();
    assert_eq!(e.line, 3);
    assert!(e.message.contains("more than"), "{e}");
    let e = parse_requirements(
        Path::new("h.toml"),
        "[[requirements]]\ntitle = \"x\"\ns3_versioning = false\n",
    )
    .unwrap_err();
    assert_eq!((e.line, e.col), (3, 17));
}

#[test]
fn settings_keep_their_lines_and_resolve_relative_to_the_file() {
    use super::settings::ParamEntry;
    let s = parse_settings(
        Path::new("cfg/hardstack.toml"),
        "# c\nselect = \"S3\"\nfail-on = \"NONE\"\nrequire-tags = [\"Owner\", \"Env=prod\"]\n\n[severity]\nS3-004 = \"high\"\nS3-001 = \"Medium\"\n\n[params]\nA = 1\n[params.\"Prod*\"]\nB = true\n\n[[requirements]]\ntitle = \"v\"\ns3_versioning = true\n",
    )
    .unwrap();
    assert_eq!(s.select.as_ref().unwrap().value, ["S3"]);
    assert_eq!(s.select.as_ref().unwrap().line, 2);
    assert_eq!(s.fail_on.as_ref().unwrap().value, None);
    assert_eq!(
        s.require_tags.as_ref().unwrap().value,
        [("Owner".into(), None), ("Env".into(), Some("prod".into()))]
    );
    let sev: Vec<_> = s
        .severity
        .iter()
        .map(|l| (l.value.0.as_str(), l.line))
        .collect();
    assert_eq!(sev, [("S3-004", 7), ("S3-001", 8)]);
    assert_eq!(
        s.params.iter().map(|l| l.value.clone()).collect::<Vec<_>>(),
        [
            ParamEntry {
                scope: None,
                key: "A".into(),
                value: "1".into()
            },
            ParamEntry {
                scope: Some("Prod*".into()),
                key: "B".into(),
                value: "true".into()
            }
        ]
    );
    assert_eq!(s.at(7), "cfg/hardstack.toml:7");
    assert!(s.root.is_absolute());
}

#[test]
fn settings_errors_name_line_and_column() {
    let err = |text: &str| parse_settings(Path::new("h.toml"), text).unwrap_err();
    let e = err("quiet = \"yes\"\n");
    assert_eq!((e.line, e.col), (1, 9));
    assert!(e.message.contains("true or false"), "{e}");
    let e = err("region = \"mars-1\"\n");
    assert_eq!(
        e.to_string(),
        "h.toml:1:10: error: `mars-1` is not an AWS region name (like us-west-2)"
    );
    let e = err("[severity]\nS3-001 = \"severe\"\n");
    assert_eq!((e.line, e.col), (2, 10));
    let e = err("[[per-path]]\nignore = [\"S3\"]\n");
    assert!(e.message.contains("needs `path`"), "{e}");
    let e = err("per-path = { path = \"x\" }\n");
    assert!(e.message.contains("[[per-path]]"), "{e}");
}

#[test]
fn stack_names_and_globs_pick_params() {
    use super::{Effective, Overrides};
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("hardstack.toml");
    std::fs::write(
        &cfg,
        "[params]\nEnv = \"dev\"\n[params.\"ProdStack\"]\nEnv = \"prod\"\n[params.\"stg/**\"]\nEnv = \"stg\"\n",
    )
    .unwrap();
    let s = super::load_settings(&cfg).unwrap();
    let opts = Effective::resolve(Some(&s), Overrides::default()).options();
    let t = dir.path().join("x.yaml");
    let get = |p: &Path, stack| {
        let v = opts.paths.params_for(p, stack);
        v.iter()
            .rev()
            .find(|(k, _)| k == "Env")
            .map(|(_, v)| v.clone())
    };
    assert_eq!(get(&t, None).as_deref(), Some("dev"));
    assert_eq!(get(&t, Some("ProdStack")).as_deref(), Some("prod"));
    assert_eq!(
        get(&dir.path().join("stg/a/b.json"), None).as_deref(),
        Some("stg")
    );
    // --param wins over every config value.
    let cli = Overrides {
        params: vec![("Env".into(), "cli".into())],
        ..Overrides::default()
    };
    let opts = Effective::resolve(Some(&s), cli).options();
    assert_eq!(opts.params.get("Env").map(String::as_str), Some("cli"));
}
