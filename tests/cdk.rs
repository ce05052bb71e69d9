//! CDK cloud assemblies: the example app's real `cdk.out`, a stage (nested assembly), nested
//! stacks with their parameters, construct paths, CDK-internal resources, and refusals.

use std::path::{Path, PathBuf};

use hardstack::assess::FileReport;
use hardstack::{Options, ScanResult, scan};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/cdk").join(name)
}

fn example() -> PathBuf {
    root().join("examples/production-webapp-cdk/cdk.out")
}

fn s3_only() -> Options {
    Options {
        select: vec!["S3-001".into()],
        ..Options::default()
    }
}

fn report<'a>(r: &'a ScanResult, stack: &str) -> &'a FileReport {
    r.reports
        .iter()
        .find(|f| f.stack.as_ref().is_some_and(|s| s.name == stack))
        .unwrap_or_else(|| {
            let names: Vec<_> = r.reports.iter().map(|f| &f.stack).collect();
            panic!("no report for stack {stack}; have {names:?}")
        })
}

fn errors(r: &ScanResult) -> Vec<String> {
    r.errors.iter().map(ToString::to_string).collect()
}

#[test]
fn example_assembly_is_one_stack_in_us_west_2() {
    let r = scan(&[example()], &Options::default());
    assert!(r.errors.is_empty(), "{:?}", errors(&r));
    assert_eq!(r.reports.len(), 1);
    let rep = report(&r, "WebAppStack");
    let s = rep.stack.as_ref().unwrap();
    assert_eq!(s.region.as_deref(), Some("us-west-2"));
    assert_eq!(s.account.as_deref(), Some("123456789012"));
    assert_eq!(s.artifact, "WebAppStack");
    assert!(rep.path.ends_with("WebAppStack.template.json"));
    // The same 38 resources as the CloudFormation example (no CDKMetadata).
    assert_eq!(rep.resources, 38);
    // Every finding on a resource names its construct (stack-wide ones have no resource).
    for f in rep.findings.iter().filter(|f| f.resource.is_some()) {
        let path = f.cdk_path.as_deref().unwrap_or_default();
        assert!(path.starts_with("WebAppStack/"), "{f:?}");
        assert!(!f.cdk_internal, "{f:?}");
    }
}

#[test]
fn explicit_region_wins_over_the_manifest() {
    let opts = Options {
        region: Some("eu-central-1".into()),
        ..Options::default()
    };
    let r = scan(&[example()], &opts);
    let s = report(&r, "WebAppStack").stack.clone().unwrap();
    assert_eq!(s.region.as_deref(), Some("eu-central-1"));
    assert_eq!(s.account.as_deref(), Some("123456789012"));
}

#[test]
fn example_resources_have_construct_paths() {
    use hardstack::{load, model};
    let path = example().join("WebAppStack.template.json");
    let loaded = load::load_file(&path, &load::Limits::default()).unwrap();
    let t = model::build(loaded).unwrap();
    let bucket = t.resources_of("AWS::S3::Bucket").next().unwrap();
    assert_eq!(
        bucket.cdk_path.as_deref(),
        Some("WebAppStack/ArtifactsBucket/Resource")
    );
    assert!(t.resources.iter().all(|r| r.cdk_path.is_some()));
    assert!(t.resources.iter().all(|r| !r.is_cdk_internal()));
}

#[test]
fn cdk_nag_suppression_in_the_app_is_read_and_peer_ids_without_an_equivalent_are_ignored() {
    use hardstack::{load, model, suppress};
    let path = example().join("WebAppStack.template.json");
    let t = model::build(load::load_file(&path, &load::Limits::default()).unwrap()).unwrap();
    let bucket = t.resources_of("AWS::S3::Bucket").next().unwrap();
    // The app suppresses cdk-nag's AwsSolutions-S1 (server access logs) on the bucket with
    // `cfnResource.addMetadata('cdk_nag', ...)`: the metadata survives synthesis.
    let entry = bucket
        .metadata()
        .and_then(|m| m.get("cdk_nag"))
        .and_then(|c| c.get("rules_to_suppress"));
    let ids: Vec<String> = entry
        .map(|e| {
            e.items()
                .iter()
                .filter_map(|i| i.get("id")?.as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(ids, vec!["AwsSolutions-S1".to_string()]);
    // No hardstack rule is that check, so it suppresses nothing and is not a warning
    // (cdk_nag suppressions that do match our aliases are covered in tests/suppress.rs).
    let r = scan(&[example()], &Options::default());
    let rep = report(&r, "WebAppStack");
    assert!(
        rep.findings.iter().all(|f| f.suppressed.is_none()),
        "nothing in the app is suppressed"
    );
    let mut none = Vec::new();
    assert!(suppress::apply(&t, &mut none).is_empty());
}

#[test]
fn stage_assembly_is_read_with_its_environment_and_parameters() {
    let r = scan(&[fixture("stage")], &s3_only());
    assert!(r.errors.is_empty(), "{:?}", errors(&r));
    assert_eq!(r.reports.len(), 2, "Global and the stage's Prod-Api");
    let global = report(&r, "Global").stack.clone().unwrap();
    assert_eq!(global.region, None, "unknown-region is no region");
    assert_eq!(global.account, None);

    let api = report(&r, "Prod-Api");
    let s = api.stack.as_ref().unwrap();
    assert_eq!(s.region.as_deref(), Some("eu-west-1"));
    assert_eq!(s.account.as_deref(), Some("111111111111"));
    assert_eq!(s.parameters.get("Suffix").map(String::as_str), Some("prod"));
    assert!(s.assembly.ends_with("assembly-Prod"));
    assert_eq!(api.resources, 4, "CDKMetadata is skipped");

    let find = |id: &str| {
        api.findings
            .iter()
            .find(|f| f.resource.as_deref() == Some(id))
    };
    // No aws:cdk:path in the template: the manifest's logical-id metadata gives it.
    let data = find("DataBucketE3889A50").expect("unencrypted bucket");
    assert_eq!(data.cdk_path.as_deref(), Some("Prod/Api/Data/Resource"));
    assert!(!data.cdk_internal);
    assert!(data.suppressed.is_none());
    let staging = find("CustomCDKBucketDeploymentStagingBucket").unwrap();
    assert!(staging.cdk_internal);
    assert!(
        staging.suppressed.is_none(),
        "counted unless asked otherwise"
    );
    assert!(find("AWSCDKAssetsBucket1A2B3C4D").unwrap().cdk_internal);
    assert!(find("EncryptedBucket5F1A2B3C").is_none());
}

#[test]
fn cdk_internal_findings_can_be_left_out_of_the_count() {
    let opts = Options {
        exclude_cdk_internal: true,
        ..s3_only()
    };
    let r = scan(&[fixture("stage")], &opts);
    let api = report(&r, "Prod-Api");
    for f in &api.findings {
        let origin = f.suppressed.as_ref().map(|s| s.origin.as_str());
        if f.cdk_internal {
            assert_eq!(origin, Some("cdk-internal"), "{f:?}");
        } else {
            assert_eq!(origin, None, "{f:?}");
        }
    }
    assert_eq!(api.findings.iter().filter(|f| f.cdk_internal).count(), 2);
}

#[test]
fn nested_stacks_are_scanned_with_the_parameters_their_parent_passes() {
    let r = scan(&[fixture("nested")], &s3_only());
    assert!(r.errors.is_empty(), "{:?}", errors(&r));
    let names: Vec<_> = r
        .reports
        .iter()
        .map(|f| f.stack.as_ref().unwrap().name.clone())
        .collect();
    assert_eq!(
        names,
        [
            "Parent",
            "Parent/ChildNestedStackChildNestedStackResource8E1B4C6D",
            "Parent/LocalStack"
        ],
        "the remote TemplateURL is not ours"
    );
    let child = &r.reports[1];
    let s = child.stack.as_ref().unwrap();
    assert_eq!(s.region.as_deref(), Some("ap-southeast-2"));
    assert_eq!(s.account.as_deref(), Some("222222222222"));
    assert_eq!(
        s.nested_in.as_deref(),
        Some("ChildNestedStackChildNestedStackResource8E1B4C6D")
    );
    assert_eq!(
        s.parameters.get("EncryptData").map(String::as_str),
        Some("false")
    );
    // Evaluated in the parent: the parent's region.
    assert_eq!(
        s.parameters.get("Where").map(String::as_str),
        Some("ap-southeast-2")
    );
    // EncryptData=false (the default is true): the bucket is unencrypted, for certain.
    let f = child
        .findings
        .iter()
        .find(|f| f.resource.as_deref() == Some("ChildBucketB7E0C1D2"))
        .expect("S3-001 on the child bucket");
    assert_eq!(f.when, None);
    assert!(!f.off_default);
    assert_eq!(f.cdk_path.as_deref(), Some("Parent/Child/Bucket/Resource"));
    assert!(r.reports[2].findings.is_empty());
}

#[test]
fn assembly_templates_are_scanned_once() {
    // Walking a folder that holds assemblies: each template once, through its manifest.
    let r = scan(&[fixture("")], &s3_only());
    let mut paths: Vec<_> = r.reports.iter().map(|f| f.path.clone()).collect();
    let n = paths.len();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), n, "a template scanned twice");
    assert!(r.reports.iter().all(|f| f.stack.is_some()), "loose scan");
    // stage: 2, nested: 3, escape: 1.
    assert_eq!(n, 6);
    let r = scan(&[root().join("examples/production-webapp-cdk")], &s3_only());
    assert_eq!(r.reports.len(), 1);
    assert!(r.reports[0].stack.is_some());
}

#[test]
fn nested_templates_outside_the_assembly_are_refused() {
    let r = scan(&[fixture("escape")], &s3_only());
    assert_eq!(r.reports.len(), 1, "the parent is still scanned");
    let errs = errors(&r);
    assert_eq!(errs.len(), 3, "{errs:?}");
    for e in &errs {
        assert!(e.contains("Sneaky.template.json:"), "{e}");
        assert!(e.contains(": error: nested stack "), "{e}");
    }
    assert!(
        errs.iter()
            .any(|e| e.contains("Out:") && e.contains("outside"))
    );
    assert!(
        errs.iter()
            .any(|e| e.contains("Abs:") && e.contains("absolute"))
    );
    assert!(
        errs.iter()
            .any(|e| e.contains("Asset:") && e.contains("outside"))
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_assembly_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside.template.json");
    std::fs::write(
        &outside,
        r#"{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}"#,
    )
    .unwrap();
    let asm = dir.path().join("cdk.out");
    std::fs::create_dir(&asm).unwrap();
    std::os::unix::fs::symlink(&outside, asm.join("S.template.json")).unwrap();
    std::fs::write(
        asm.join("manifest.json"),
        r#"{"version": "36.0.0", "artifacts": {"S": {"type": "aws:cloudformation:stack",
            "properties": {"templateFile": "S.template.json"}}}}"#,
    )
    .unwrap();
    let r = scan(&[asm.clone()], &s3_only());
    assert!(r.reports.is_empty());
    let errs = errors(&r);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("manifest.json:2:"), "{}", errs[0]);
    assert!(
        errs[0].contains("outside the cloud assembly"),
        "{}",
        errs[0]
    );
}

#[test]
fn broken_manifests_get_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(
        bad.join("manifest.json"),
        "{\n  \"version\": \"36.0.0\",\n  \"artifacts\": {\n",
    )
    .unwrap();
    let none = dir.path().join("none");
    std::fs::create_dir(&none).unwrap();
    std::fs::write(none.join("manifest.json"), "{\"version\": \"36.0.0\"}\n").unwrap();
    for (d, want) in [
        (&bad, "manifest.json:"),
        (
            &none,
            "manifest.json:1:1: error: not a cloud assembly manifest",
        ),
    ] {
        let r = scan(&[d.clone()], &Options::default());
        let errs = errors(&r);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].contains(want), "{}", errs[0]);
        assert!(errs[0].contains(": error: "), "{}", errs[0]);
    }
    // Met while walking, another tool's manifest.json is not ours.
    let web = dir.path().join("web");
    std::fs::create_dir(&web).unwrap();
    std::fs::write(
        web.join("manifest.json"),
        "{\"name\": \"app\", \"icons\": []}\n",
    )
    .unwrap();
    let r = scan(&[dir.path().to_path_buf()], &Options::default());
    // `none` has no `artifacts` and no CDK marker: skipped too; `bad` names artifacts.
    assert_eq!(r.errors.len(), 1, "{:?}", errors(&r));
}

#[test]
fn example_app_defines_the_same_resources_as_the_yaml_example() {
    use hardstack::{load, model};
    let types = |p: PathBuf| {
        let t = model::build(load::load_file(&p, &load::Limits::default()).unwrap()).unwrap();
        let mut v: Vec<String> = t.resources.iter().map(|r| r.typ.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(
        types(example().join("WebAppStack.template.json")),
        types(root().join("examples/production-webapp/template.yaml"))
    );
}
