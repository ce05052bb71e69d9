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
