use std::collections::HashMap;
use std::path::Path;

use super::*;
use crate::load::{Limits, load_bytes};
use crate::model::build;

fn eval_yaml(src: &str, region: Option<&str>, params: &[(&str, &str)]) -> (Template, Evaluated) {
    let loaded =
        load_bytes(Path::new("t.yaml"), src.as_bytes(), &Limits::default()).expect("loads");
    let t = build(loaded).expect("template");
    let overrides = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect::<HashMap<_, _>>();
    let e = evaluate(&t, Env::new(region, None, overrides));
    (t, e)
}

fn prop<'a>(t: &Template, e: &'a Evaluated, res: &str) -> &'a Val {
    let i = t
        .resources
        .iter()
        .position(|r| r.id == res)
        .expect("resource");
    &e.resources[i].props
}

#[test]
fn sub_list_form_with_nested_sub_and_number() {
    let (t, e) = eval_yaml(
        r#"
Parameters:
  Env: {Type: String, Default: dev}
Resources:
  P:
    Type: AWS::IAM::Policy
    Properties:
      R: !Sub
        - "arn:${AWS::Partition}:ssm:${AWS::Region}:123456789012:parameter/${Prefix}/${Num}/*"
        - Prefix: !Sub "app-${Env}"
          Num: 123
"#,
        Some("eu-west-1"),
        &[],
    );
    let v = prop(&t, &e, "P").get("R").unwrap();
    assert_eq!(
        v.as_str(),
        Some("arn:aws:ssm:eu-west-1:123456789012:parameter/app-dev/123/*")
    );
}

#[test]
fn sub_keeps_unknown_parts_and_refs() {
    let (t, e) = eval_yaml(
        "Resources:\n  B: {Type: AWS::S3::Bucket}\n  P:\n    Type: X::Y\n    Properties:\n      R: !Sub 'arn:aws:logs:${AWS::Region}:${AWS::AccountId}:*'\n      S: !Sub '${B.Arn}/*'\n",
        None,
        &[],
    );
    let p = prop(&t, &e, "P");
    assert_eq!(
        p.get("R").unwrap().text(),
        Some("arn:aws:logs:us-east-1:${AWS::AccountId}:*")
    );
    assert_eq!(p.get("R").unwrap().as_str(), None, "account is not known");
    assert_eq!(p.get("S").unwrap().refs(), vec!["B"]);
}

#[test]
fn if_with_default_gives_alternatives_and_given_param_resolves() {
    let src = r#"
Parameters:
  V: {Type: String, Default: "TRUE", AllowedValues: ["TRUE", "FALSE"]}
Conditions:
  On: !Equals [!Ref V, "TRUE"]
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      Status: !If [On, Enabled, Suspended]
"#;
    let (t, e) = eval_yaml(src, None, &[]);
    let found = prop(&t, &e, "B").at("Status");
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].val.unwrap().as_str(), Some("Enabled"));
    assert!(e.env.holds_by_default(&found[0].when));
    assert!(!e.env.holds_by_default(&found[1].when));
    assert_eq!(found[1].when.to_string(), "not On");
    let (t, e) = eval_yaml(src, None, &[("V", "FALSE")]);
    let found = prop(&t, &e, "B").at("Status");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].val.unwrap().as_str(), Some("Suspended"));
    assert!(found[0].when.is_always());
}

#[test]
fn related_conditions_are_pruned() {
    let src = r#"
Parameters:
  Size: {Type: String, Default: small, AllowedValues: [small, large]}
Conditions:
  Small: !Equals [!Ref Size, small]
  Large: !Equals [!Ref Size, large]
  NotSmall: !Not [!Condition Small]
Resources:
  B:
    Type: X::Y
    Properties:
      V: !If [Small, !If [Large, impossible, s], !If [NotSmall, l, impossible2]]
"#;
    let (t, e) = eval_yaml(src, None, &[]);
    let vals: Vec<_> = prop(&t, &e, "B")
        .at("V")
        .iter()
        .map(|f| f.val.unwrap().as_str().unwrap().to_string())
        .collect();
    assert_eq!(vals, vec!["s", "l"]);
}

#[test]
fn novalue_removes_and_if_novalue_is_absent_branch() {
    let src = r#"
Parameters:
  K: {Type: String, Default: ""}
Conditions:
  HasK: !Not [!Equals [!Ref K, ""]]
Resources:
  I:
    Type: AWS::EC2::Instance
    Properties:
      KeyName: !Ref AWS::NoValue
      Other: !If [HasK, !Ref K, !Ref AWS::NoValue]
"#;
    let (t, e) = eval_yaml(src, None, &[]);
    let p = prop(&t, &e, "I");
    assert!(p.get("KeyName").is_none());
    let found = p.at("Other");
    assert_eq!(found.len(), 2);
    assert!(
        found
            .iter()
            .any(|f| f.val.is_none() && f.when.to_string() == "not HasK")
    );
}

#[test]
fn many_independent_conditions_stay_local() {
    let mut src = String::from("Parameters:\n");
    for i in 0..40 {
        src += &format!("  F{i}: {{Type: String, Default: a, AllowedValues: [a, b]}}\n");
    }
    src += "Conditions:\n";
    for i in 0..40 {
        src += &format!("  C{i}: !Equals [!Ref F{i}, a]\n");
    }
    src += "Resources:\n  R:\n    Type: X::Y\n    Properties:\n";
    for i in 0..40 {
        src += &format!("      P{i}: !If [C{i}, x, !If [C{}, y, z]]\n", (i + 1) % 40);
    }
    let (t, e) = eval_yaml(&src, None, &[]);
    let p = prop(&t, &e, "R");
    for i in 0..40 {
        assert_eq!(p.at(&format!("P{i}")).len(), 3);
    }
}

#[test]
fn select_split_join_findinmap_and_getatt() {
    let src = r#"
Parameters:
  Subnets: {Type: CommaDelimitedList, Default: "a,b,c"}
Mappings:
  M:
    us-west-2: {Ami: ami-123}
Resources:
  Key: {Type: AWS::KMS::Key}
  R:
    Type: X::Y
    Properties:
      S: !Select [1, !Ref Subnets]
      J: !Join ["-", [x, !Select [0, !Split [",", "p,q"]], !Ref AWS::Region]]
      M: !FindInMap [M, !Ref AWS::Region, Ami]
      G: !GetAtt Key.Arn
      N: !GetAtt SharedKeys.Outputs.X
      Z: !Select [0, !Ref AWS::NotificationARNs]
"#;
    let (t, e) = eval_yaml(src, Some("us-west-2"), &[]);
    let p = prop(&t, &e, "R");
    assert_eq!(p.get("S").unwrap().as_str(), Some("b"));
    assert_eq!(p.get("J").unwrap().as_str(), Some("x-p-us-west-2"));
    assert_eq!(p.get("M").unwrap().as_str(), Some("ami-123"));
    assert_eq!(
        p.get("G").unwrap().kind,
        ValKind::Ref {
            target: "Key".into(),
            attr: Some("Arn".into())
        }
    );
    assert!(
        p.get("N").unwrap().is_unknown(),
        "GetAtt on a non-resource is unknown"
    );
    assert!(p.get("Z").unwrap().is_unknown());
}

#[test]
fn invalid_if_condition_and_malformed_ref_string_warn() {
    let src = r#"
Conditions:
  C: !Equals [a, b]
Resources:
  R:
    Type: X::Y
    Properties:
      A: !If [!Equals [a, b], x, y]
      B: Ref JobsQueue
"#;
    let (_, e) = eval_yaml(src, None, &[]);
    assert!(
        e.diagnostics
            .iter()
            .any(|d| d.message.contains("not an expression")),
        "{:?}",
        e.diagnostics
    );
    assert!(
        e.diagnostics
            .iter()
            .any(|d| d.message.contains("malformed intrinsic") && d.span.start.line == 9)
    );
}

#[test]
fn condition_named_like_a_yaml11_boolean_is_a_name() {
    let src = "Parameters:\n  V: {Type: String, Default: a}\nConditions:\n  On: !Equals [!Ref V, a]\nResources:\n  B: {Type: X::Y, Properties: {S: !If [On, x, y]}}\n";
    let (_, e) = eval_yaml(src, None, &[]);
    assert_eq!(e.env.condition("On"), CondState::Default(true));
    assert_eq!(e.resources[0].props.at("S").len(), 2);
}

#[test]
fn an_assumed_region_makes_region_conditions_defaults_not_facts() {
    let src = "Conditions:\n  East: !Equals [!Ref AWS::Region, us-east-1]\nResources:\n  B: {Type: X::Y, Properties: {S: !If [East, e, w]}}\n";
    let (_, e) = eval_yaml(src, None, &[]);
    assert_eq!(e.env.condition("East"), CondState::Default(true));
    assert_eq!(e.resources[0].props.at("S").len(), 2);
    let (_, e) = eval_yaml(src, Some("eu-west-1"), &[]);
    assert_eq!(e.env.condition("East"), CondState::Known(false));
}

#[test]
fn the_region_a_template_names_is_inferred() {
    let t = |src: &str| {
        build(load_bytes(Path::new("t.yaml"), src.as_bytes(), &Limits::default()).unwrap()).unwrap()
    };
    let one = t(
        "Resources:\n  S: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: us-west-2a}}\n  E: {Type: AWS::EC2::VPCEndpoint, Properties: {ServiceName: com.amazonaws.us-west-2.s3}}\n",
    );
    assert_eq!(region::infer(&one).as_deref(), Some("us-west-2"));
    let two = t(
        "Resources:\n  S: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: us-west-2a}}\n  T: {Type: AWS::EC2::Subnet, Properties: {AvailabilityZone: eu-west-1b}}\n",
    );
    assert_eq!(region::infer(&two), None, "two regions: no guess");
    let sub = t(
        "Resources:\n  R: {Type: X::Y, Properties: {A: !Sub 'arn:aws:logs:${AWS::Region}:1:*'}}\n",
    );
    assert_eq!(
        region::infer(&sub),
        None,
        "a Sub on AWS::Region is not a literal"
    );
}
