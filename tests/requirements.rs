//! Requirements end to end: the example stack's compliance picture, each shorthand and the
//! generic form (met and unmet, through `!If`, parameters and `!Sub`), located errors in
//! requirements files, discovery, and the CLI flags.

use std::path::{Path, PathBuf};
use std::process::Command;

use hardstack::assess::requirements::{RequirementResult, Status, merge};
use hardstack::config::{discover, load_requirements, parse_requirements};
use hardstack::{FileOutcome, Options, check_requirements, scan, scan_source};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/production-webapp")
}

/// Check `reqs` (TOML) against `template` (YAML) with `opts`.
fn check_with(template: &str, reqs: &str, opts: Options) -> Vec<RequirementResult> {
    let parsed = parse_requirements(Path::new("hardstack.toml"), reqs).expect("valid requirements");
    let opts = opts.with_requirements(parsed);
    let FileOutcome::Scanned(report) = scan_source(Path::new("t.yaml"), template, &opts) else {
        panic!("not scanned");
    };
    merge(opts.requirements.as_ref().unwrap(), &[report])
}

fn check(template: &str, reqs: &str) -> Vec<RequirementResult> {
    check_with(template, reqs, Options::default())
}

fn one(template: &str, reqs: &str) -> RequirementResult {
    check(template, reqs).remove(0)
}

fn region(r: &str) -> Options {
    Options {
        region: Some(r.into()),
        ..Options::default()
    }
}

fn param(k: &str, v: &str) -> Options {
    let mut o = Options::default();
    o.params.insert(k.into(), v.into());
    o
}

#[test]
fn example_prints_the_sample_compliance_picture() {
    let dir = example();
    let toml = discover(&dir.join("template.yaml")).expect("found hardstack.toml");
    assert_eq!(
        toml,
        std::fs::canonicalize(dir.join("hardstack.toml")).unwrap()
    );
    let reqs = load_requirements(&toml).unwrap();
    assert_eq!(reqs.items.len(), 10);
    for opts in [Options::default(), region("us-west-2")] {
        let opts = opts.with_requirements(reqs.clone());
        let result = scan(&[dir.join("template.yaml")], &opts);
        let results = check_requirements(&result, &opts);
        let statuses: Vec<(Status, &str)> = results
            .iter()
            .map(|r| (r.status, r.title.as_str()))
            .collect();
        use Status::*;
        assert_eq!(
            statuses,
            vec![
                (Met, "VPC in us-west-2 with 10.0.0.0/16 CIDR"),
                (Met, "Two public and two private subnets"),
                (Met, "EC2 instances of type t3.medium"),
                (Met, "Auto Scaling group with minimum 1 instance"),
                (Met, "S3 bucket with versioning for artifacts"),
                (PartlyMet, "Environment: Production tag on all resources"),
                (Met, "IAM roles for EC2 instances (no static credentials)"),
                (Met, "EC2 instances configured with IAM roles"),
                (PartlyMet, "AWS security best practices"),
                (Met, "All infrastructure in us-west-2 region"),
            ]
        );
        // The tag requirement names what misses the tag, and points to the finding.
        let tags = &results[5];
        let missing: Vec<&str> = tags
            .evidence
            .iter()
            .filter(|e| !e.ok)
            .filter_map(|e| e.resource.as_deref())
            .collect();
        for id in ["FlowLogGroup", "AppLogGroup", "AlarmTopic", "HighCpuAlarm"] {
            assert!(missing.contains(&id), "{id} in {missing:?}");
        }
        assert!(
            tags.evidence
                .iter()
                .filter(|e| !e.ok)
                .all(|e| e.rule == Some("TAG-001")),
            "every missing tag is also a TAG-001 finding: {:?}",
            tags.evidence
        );
        assert!(tags.evidence.iter().all(|e| e.line.is_some()));
        // Best practices points at the findings.
        assert!(results[8].evidence.iter().all(|e| e.rule.is_some()));
        assert!(!results[8].evidence.is_empty());
    }
}

// --- region and all_in_region ------------------------------------------------------------

const SUBNET_AZ: &str = "
Resources:
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: vpc-1
      CidrBlock: 10.0.0.0/24
      AvailabilityZone: us-west-2a
";

#[test]
fn region_from_the_flag_or_the_literals_and_says_which() {
    let req = "[[requirements]]\ntitle = \"in us-west-2\"\nregion = \"us-west-2\"\n";
    let r = check_with(SUBNET_AZ, req, region("us-west-2")).remove(0);
    assert_eq!(r.status, Status::Met);
    assert!(r.summary.contains("from --region"), "{}", r.summary);
    let r = check_with(SUBNET_AZ, req, region("eu-west-1")).remove(0);
    assert_eq!(r.status, Status::NotMet);
    let r = one(SUBNET_AZ, req);
    assert_eq!(r.status, Status::Met);
    assert!(r.summary.contains("literals"), "{}", r.summary);
    assert_eq!(r.evidence[0].line, Some(8));
    let r = one(&SUBNET_AZ.replace("us-west-2a", "us-east-1b"), req);
    assert_eq!(r.status, Status::NotMet);
    // Nothing names a region: say so rather than assume us-east-1.
    let r = one(
        &SUBNET_AZ.replace("us-west-2a", "!Select [0, !GetAZs '']"),
        req,
    );
    assert_eq!(r.status, Status::Unknown);
}

#[test]
fn all_in_region_checks_every_literal_through_if_and_sub() {
    let req = "[[requirements]]\ntitle = \"all in us-west-2\"\nall_in_region = \"us-west-2\"\n";
    let t = "
Parameters:
  Dr: { Type: String, Default: 'no', AllowedValues: ['yes', 'no'] }
Conditions:
  IsDr: !Equals [!Ref Dr, 'yes']
Resources:
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: vpc-1
      CidrBlock: 10.0.0.0/24
      AvailabilityZone: !If [IsDr, us-east-1a, us-west-2a]
  Endpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: vpc-1
      ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: logs
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: logs:PutLogEvents
                Resource: arn:aws:logs:us-west-2:123456789012:log-group:app
";
    let r = one(t, req);
    assert_eq!(r.status, Status::PartlyMet, "{r:?}");
    let s = r.scenarios.as_deref().unwrap();
    assert!(
        s.contains("met when not IsDr (the default deployment)"),
        "{s}"
    );
    assert!(s.contains("when IsDr"), "{s}");
    let bad: Vec<_> = r.evidence.iter().filter(|e| !e.ok).collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].when.as_deref(), Some("IsDr"));
    assert_eq!(bad[0].line, Some(12));
    // The ${AWS::Region} endpoint is not a literal; the ARN is.
    assert!(r.evidence.iter().any(|e| e.message.contains("ARN")));
    assert!(
        !r.evidence
            .iter()
            .any(|e| e.resource.as_deref() == Some("Endpoint"))
    );
    // --region elsewhere: not met.
    let r = check_with(t, req, region("eu-west-1")).remove(0);
    assert_eq!(r.status, Status::NotMet);
    // --param picks the branch.
    let r = check_with(t, req, param("Dr", "yes")).remove(0);
    assert_eq!(r.status, Status::PartlyMet);
    assert!(r.scenarios.is_none());
}

// --- vpc_cidr ----------------------------------------------------------------------------

#[test]
fn vpc_cidr_met_unmet_through_parameters_and_if() {
    let req = "[[requirements]]\ntitle = \"VPC\"\nvpc_cidr = \"10.0.0.0/16\"\n";
    let t = |cidr: &str| {
        format!(
            "
Parameters:
  Cidr: {{ Type: String, Default: 10.0.0.0/16 }}
  NoDefault: {{ Type: String }}
  Size: {{ Type: String, Default: big }}
Conditions:
  Big: !Equals [!Ref Size, big]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: {cidr}
"
        )
    };
    assert_eq!(one(&t("10.0.0.0/16"), req).status, Status::Met);
    let r = one(&t("172.16.0.0/16"), req);
    assert_eq!(r.status, Status::NotMet);
    assert!(r.summary.contains("172.16.0.0/16"));
    let r = one(&t("!Ref Cidr"), req);
    assert_eq!(r.status, Status::Met);
    assert!(
        r.evidence[0].message.contains("parameter Cidr's default"),
        "{r:?}"
    );
    let r = check_with(&t("!Ref Cidr"), req, param("Cidr", "10.1.0.0/16")).remove(0);
    assert_eq!(r.status, Status::NotMet);
    let r = one(&t("!Ref NoDefault"), req);
    assert_eq!(r.status, Status::Unknown);
    assert!(r.summary.contains("deploy time"), "{}", r.summary);
    let r = one(&t("!If [Big, 10.0.0.0/16, 192.168.0.0/16]"), req);
    assert_eq!(r.status, Status::PartlyMet);
    assert_eq!(
        r.scenarios.as_deref(),
        Some("met when Big (the default deployment); not met when not Big")
    );
    let r = one(&t("!If [Big, 192.168.0.0/16, 10.0.0.0/16]"), req);
    assert_eq!(r.status, Status::PartlyMet);
    assert!(
        r.summary.contains("no VPC"),
        "default scenario's summary: {}",
        r.summary
    );
    // No VPC at all.
    let r = one(SUBNET_AZ, req);
    assert_eq!(r.status, Status::NotMet);
}

// --- subnets -----------------------------------------------------------------------------

fn network(extra_public_name: bool) -> String {
    let mut t = String::from(
        "
Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }
  Igw: { Type: AWS::EC2::InternetGateway }
  Public: { Type: AWS::EC2::RouteTable, Properties: { VpcId: !Ref Vpc } }
  Default: { Type: AWS::EC2::Route, Properties: { RouteTableId: !Ref Public, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw } }
  A: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24 } }
  B: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24 } }
  AssocA: { Type: AWS::EC2::SubnetRouteTableAssociation, Properties: { SubnetId: !Ref A, RouteTableId: !Ref Public } }
  C: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24 } }
",
    );
    if extra_public_name {
        // Called public, but nothing routes it to the internet gateway.
        t.push_str("  PublicLooking: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.3.0/24, MapPublicIpOnLaunch: true, Tags: [{ Key: Name, Value: public }] } }\n");
    }
    t
}

#[test]
fn subnets_are_public_by_route_not_by_name() {
    let req = "[[requirements]]\ntitle = \"1 public, 2 private\"\npublic_subnets = 1\nprivate_subnets = { at_least = 2 }\n";
    let r = one(&network(false), req);
    assert_eq!(r.status, Status::Met, "{r:?}");
    assert!(
        r.evidence
            .iter()
            .any(|e| e.message.contains("route table Public"))
    );
    let r = one(&network(true), req);
    assert_eq!(
        r.status,
        Status::Met,
        "a subnet named public is still private: {r:?}"
    );
    let req = "[[requirements]]\ntitle = \"2 public\"\npublic_subnets = 2\n";
    let r = one(&network(true), req);
    assert_eq!(r.status, Status::NotMet);
    assert!(
        r.summary.starts_with("1 public subnet (A)"),
        "{}",
        r.summary
    );
}

// --- instance_type -----------------------------------------------------------------------

const COMPUTE: &str = "
Parameters:
  InstanceType: { Type: String, Default: t3.medium, AllowedValues: [t3.medium, t3.large] }
  Big: { Type: String, Default: 'no' }
Conditions:
  IsBig: !Equals [!Ref Big, 'yes']
Resources:
  Template:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        InstanceType: !Ref InstanceType
        IamInstanceProfile: { Arn: !GetAtt Profile.Arn }
  Server:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      InstanceType: !If [IsBig, m5.large, t3.medium]
      IamInstanceProfile: !Ref Profile
  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref Role]
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: [ec2.amazonaws.com] }
            Action: sts:AssumeRole
";

#[test]
fn instance_type_through_parameters_and_if() {
    let req = "[[requirements]]\ntitle = \"t3.medium\"\ninstance_type = \"t3.medium\"\n";
    let r = one(COMPUTE, req);
    assert_eq!(r.status, Status::PartlyMet, "{r:?}");
    assert_eq!(
        r.scenarios.as_deref(),
        Some("met when not IsBig (the default deployment); partly met when IsBig")
    );
    assert!(
        r.evidence
            .iter()
            .any(|e| e.message.contains("parameter InstanceType's default"))
    );
    let r = check_with(COMPUTE, req, param("InstanceType", "t3.large")).remove(0);
    assert_eq!(r.status, Status::PartlyMet);
    assert!(r.summary.contains("Template: t3.large"), "{}", r.summary);
    let r = check_with(
        COMPUTE,
        "[[requirements]]\ntitle = \"t3\"\ninstance_type = [\"t3.medium\", \"m5.large\"]\n",
        Options::default(),
    )
    .remove(0);
    assert_eq!(r.status, Status::Met);
    // An instance that names no type gets m1.small.
    let r = one(
        &COMPUTE.replace("      InstanceType: !If [IsBig, m5.large, t3.medium]\n", ""),
        req,
    );
    assert!(r.evidence.iter().any(|e| e.message.contains("m1.small")));
    assert_eq!(r.status, Status::PartlyMet);
    // A launch configuration, unmet.
    let lc = "
Resources:
  Lc:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties: { ImageId: ami-1, InstanceType: c5.xlarge }
";
    assert_eq!(one(lc, req).status, Status::NotMet);
    assert_eq!(one(SUBNET_AZ, req).status, Status::NotMet);
}

#[test]
fn instances_use_iam_roles_and_no_static_credentials() {
    let req = "[[requirements]]\ntitle = \"roles\"\ninstances_use_iam_roles = true\n\n[[requirements]]\ntitle = \"no keys\"\nno_static_credentials = true\n";
    let r = check(COMPUTE, req);
    assert_eq!(r[0].status, Status::Met, "{:?}", r[0]);
    assert!(
        r[0].evidence
            .iter()
            .all(|e| e.message.contains("with role Role"))
    );
    assert_eq!(r[1].status, Status::Met);
    let without = COMPUTE.replace("      IamInstanceProfile: !Ref Profile\n", "");
    let r = check(&without, req);
    assert_eq!(r[0].status, Status::PartlyMet);
    assert!(r[0].summary.contains("Server"), "{}", r[0].summary);
    let keys = format!(
        "{COMPUTE}  User: {{ Type: AWS::IAM::User }}\n  Key: {{ Type: AWS::IAM::AccessKey, Properties: {{ UserName: !Ref User }} }}\n"
    );
    let r = check(&keys, req);
    assert_eq!(r[1].status, Status::NotMet);
    assert_eq!(r[1].evidence[0].resource.as_deref(), Some("Key"));
    let literal = COMPUTE.replace(
        "      ImageId: ami-12345678\n",
        "      ImageId: ami-12345678\n      UserData: !Base64 { \"Fn::Sub\": \"export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\" }\n",
    );
    let r = check(&literal, req);
    assert_eq!(r[1].status, Status::NotMet);
    assert!(r[1].evidence[0].message.contains("access key id"));
}

// --- auto_scaling ------------------------------------------------------------------------

#[test]
fn auto_scaling_sizes() {
    let t = |min: &str| {
        format!(
            "
Parameters:
  Min: {{ Type: String }}
Resources:
  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: {min}
      MaxSize: '4'
"
        )
    };
    let req = "[[requirements]]\ntitle = \"asg\"\nauto_scaling = { min_size = { at_least = 1 }, max_size = { at_most = 4 }, desired_capacity = { at_least = 1 } }\n";
    let r = one(&t("'1'"), req);
    assert_eq!(r.status, Status::Met, "{r:?}");
    assert!(
        r.evidence[0]
            .message
            .contains("DesiredCapacity (= MinSize) 1"),
        "{r:?}"
    );
    let r = one(&t("'0'"), req);
    assert_eq!(r.status, Status::NotMet);
    assert!(r.summary.contains("MinSize 0"), "{}", r.summary);
    assert_eq!(one(&t("!Ref Min"), req).status, Status::Unknown);
    assert_eq!(one(SUBNET_AZ, req).status, Status::NotMet);
}

// --- s3_versioning -----------------------------------------------------------------------

#[test]
fn s3_versioning_met_unmet_and_by_condition() {
    let req = "[[requirements]]\ntitle = \"versioned\"\ns3_versioning = true\n";
    let t = |status: &str| {
        format!(
            "
Parameters:
  Keep: {{ Type: String, Default: 'yes' }}
Conditions:
  Versioned: !Equals [!Ref Keep, 'yes']
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: {{ Status: {status} }}
"
        )
    };
    assert_eq!(one(&t("Enabled"), req).status, Status::Met);
    assert_eq!(one(&t("Suspended"), req).status, Status::NotMet);
    let r = one(&t("!If [Versioned, Enabled, Suspended]"), req);
    assert_eq!(r.status, Status::PartlyMet);
    assert_eq!(
        r.scenarios.as_deref(),
        Some("met when Versioned (the default deployment); not met when not Versioned")
    );
    let r = check_with(
        &t("!If [Versioned, Enabled, Suspended]"),
        req,
        param("Keep", "no"),
    )
    .remove(0);
    assert_eq!(
        r.status,
        Status::NotMet,
        "a given parameter fixes the condition"
    );
    let none = "Resources:\n  Bucket: { Type: AWS::S3::Bucket }\n";
    assert_eq!(one(none, req).status, Status::NotMet);
}

// --- required_tags -----------------------------------------------------------------------

#[test]
fn required_tags_on_every_taggable_resource() {
    let req = "[[requirements]]\ntitle = \"tags\"\nrequired_tags = { Environment = \"Production\", Owner = \"*\" }\n";
    let t = "
Parameters:
  Env: { Type: String, Default: Production }
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      Tags:
        - { Key: Environment, Value: !Sub '${Env}' }
        - { Key: Owner, Value: web }
  Param:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: x
      Tags: { Environment: Production, Owner: web }
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties: { Bucket: !Ref Bucket, PolicyDocument: {} }
";
    let r = one(t, req);
    assert_eq!(r.status, Status::Met, "{r:?}");
    assert!(r.summary.contains("all 2 taggable"), "{}", r.summary);
    // The bucket's tag follows the parameter; the SSM parameter's is literal.
    let r = check_with(t, req, param("Env", "Staging")).remove(0);
    assert_eq!(r.status, Status::PartlyMet);
    assert!(
        r.evidence[0].message.contains("Environment is `Staging`"),
        "{r:?}"
    );
    let partly = t.replace("      Tags: { Environment: Production, Owner: web }\n", "");
    let r = one(&partly, req);
    assert_eq!(r.status, Status::PartlyMet);
    assert!(r.summary.contains("missing on Param"), "{}", r.summary);
    let unknown = t.replace("Default: Production", "Description: none");
    assert_eq!(one(&unknown, req).status, Status::Unknown);
}

// --- the generic form --------------------------------------------------------------------

#[test]
fn generic_counts_and_every() {
    let at_least = "[[requirements]]\ntitle = \"EC2 role\"\ntype = \"AWS::IAM::Role\"\nwhere = { path = \"AssumeRolePolicyDocument.Statement[*].Principal.Service\", equals = \"ec2.amazonaws.com\" }\nat_least = 1\n";
    assert_eq!(one(COMPUTE, at_least).status, Status::Met);
    let lambda = at_least.replace("ec2.amazonaws.com", "lambda.amazonaws.com");
    let r = one(COMPUTE, &lambda);
    assert_eq!(r.status, Status::NotMet);
    assert_eq!(r.evidence[0].resource.as_deref(), Some("Role"));
    let none = "[[requirements]]\ntitle = \"no users\"\ntype = \"AWS::IAM::User\"\nexactly = 0\n";
    assert_eq!(one(COMPUTE, none).status, Status::Met);
    let glob = "[[requirements]]\ntitle = \"t3 family\"\ntype = \"AWS::EC2::LaunchTemplate\"\nevery = { path = \"LaunchTemplateData.InstanceType\", matches = \"t3.*\" }\n";
    assert_eq!(one(COMPUTE, glob).status, Status::Met);
    let r = check_with(COMPUTE, glob, param("InstanceType", "m5.large")).remove(0);
    assert_eq!(r.status, Status::NotMet);
    // `every` through !If.
    let every = "[[requirements]]\ntitle = \"small servers\"\ntype = \"AWS::EC2::Instance\"\nevery = [{ path = \"InstanceType\", one_of = [\"t3.medium\", \"t3.small\"] }, { path = \"IamInstanceProfile\", exists = true }]\n";
    let r = one(COMPUTE, every);
    assert_eq!(r.status, Status::PartlyMet);
    assert_eq!(
        r.scenarios.as_deref(),
        Some("met when not IsBig (the default deployment); not met when IsBig")
    );
    // Filters with a comparison, and an unknown value.
    let t = "
Parameters:
  Days: { Type: Number }
Resources:
  Logs: { Type: AWS::Logs::LogGroup, Properties: { RetentionInDays: 90 } }
  Other: { Type: AWS::Logs::LogGroup, Properties: { RetentionInDays: !Ref Days } }
";
    let req = "[[requirements]]\ntitle = \"retention\"\ntype = \"AWS::Logs::LogGroup\"\nevery = { path = \"RetentionInDays\", min = 30 }\n";
    let r = one(t, req);
    assert_eq!(r.status, Status::Unknown, "{r:?}");
    let r = check_with(t, req, param("Days", "7")).remove(0);
    assert_eq!(r.status, Status::PartlyMet);
    let r = check_with(t, req, param("Days", "365")).remove(0);
    assert_eq!(r.status, Status::Met);
    let two = "[[requirements]]\ntitle = \"two long\"\ntype = \"AWS::Logs::LogGroup\"\nwhere = { path = \"RetentionInDays\", min = 30 }\nexactly = 2\n";
    assert_eq!(one(t, two).status, Status::Unknown);
    assert_eq!(
        check_with(t, two, param("Days", "7")).remove(0).status,
        Status::NotMet
    );
}

// --- located errors ----------------------------------------------------------------------

fn error(text: &str) -> String {
    parse_requirements(Path::new("hardstack.toml"), text)
        .expect_err("should fail")
        .to_string()
}

#[test]
fn malformed_requirements_get_located_errors() {
    let e =
        error("[[requirements]]\ntitle = \"x\"\nregion = \"us-west-2\"\nregoin = \"us-west-2\"\n");
    assert!(
        e.starts_with("hardstack.toml:4:1: error: unknown field `regoin`"),
        "{e}"
    );
    let e = error("[[requirements]]\ntitle = \"x\"\nvpc_cidr = \"10.0.0/16\"\n");
    assert!(e.starts_with("hardstack.toml:3:12: error:"), "{e}");
    assert!(e.contains("not a CIDR"), "{e}");
    let e = error("[[requirements]]\ntitle = \"x\"\n\n[[requirements]]\nregion = \"us-west-2\"\n");
    assert!(
        e.starts_with("hardstack.toml:4:1: error: missing field `title`"),
        "{e}"
    );
    let e = error("[[requirements]]\ntitle = \"x\"\n");
    assert!(
        e.starts_with("hardstack.toml:2:9: error:") && e.contains("checks nothing"),
        "{e}"
    );
    let e = error("[[requirements]]\ntitle = \"x\"\nat_least = 2\n");
    assert!(
        e.starts_with("hardstack.toml:3:12: error:") && e.contains("type"),
        "{e}"
    );
    let e = error("[[requirements]]\ntitle = \"x\"\nregion = \"us-westt-2\"\n");
    assert!(
        e.starts_with("hardstack.toml:3:10: error:") && e.contains("region"),
        "{e}"
    );
    let e = error("[[requirements]]\ntitle = \"x\"\npublic_subnets = { at_leats = 2 }\n");
    assert!(
        e.starts_with("hardstack.toml:3:") && e.contains("at_leats"),
        "{e}"
    );
    let e = error(
        "[[requirements]]\ntitle = \"x\"\ntype = \"AWS::S3::Bucket\"\nwhere = { path = \"A\", equal = \"b\" }\n",
    );
    assert!(
        e.starts_with("hardstack.toml:4:") && e.contains("equal"),
        "{e}"
    );
    let e = error(
        "[[requirements]]\ntitle = \"x\"\ntype = \"AWS::S3::Bucket\"\nevery = { path = \"A\" }\n",
    );
    assert!(
        e.starts_with("hardstack.toml:4:9: error:") && e.contains("needs a test"),
        "{e}"
    );
    let e = error(
        "[[requirements]]\ntitle = \"x\"\ntype = \"AWS::S3::Bucket\"\nexactly = 1\nat_least = 1\n",
    );
    assert!(
        e.starts_with("hardstack.toml:4:") && e.contains("cannot be combined"),
        "{e}"
    );
    let e = error("[[requirements]]\ntitle = x\n");
    assert!(e.starts_with("hardstack.toml:2:9: error:"), "{e}");
    let e = error("\n[requirements]\ntitle = \"x\"\nregion = \"us-west-2\"\n");
    assert!(
        e.starts_with("hardstack.toml:2:1: error:") && e.contains("[[requirements]]"),
        "{e}"
    );
    let e = error("[[requirement]]\ntitle = \"x\"\n");
    assert!(
        e.starts_with("hardstack.toml:1:1: error:") && e.contains("did you mean"),
        "{e}"
    );
    // Other top-level sections are left for later.
    let ok = parse_requirements(Path::new("h.toml"), "[rules]\nanything = 1\n").unwrap();
    assert!(ok.items.is_empty());
}

#[test]
fn discovery_walks_up_and_stops_at_the_repository_root() {
    let root = tempfile::tempdir().unwrap();
    let repo = root.path().join("repo");
    let deep = repo.join("infra/stacks");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::write(deep.join("t.yaml"), SUBNET_AZ).unwrap();
    // Above the repository: never used.
    std::fs::write(root.path().join("hardstack.toml"), "").unwrap();
    assert_eq!(discover(&deep.join("t.yaml")), None);
    std::fs::write(repo.join("hardstack.toml"), "").unwrap();
    let found = discover(&deep.join("t.yaml")).unwrap();
    assert_eq!(
        found,
        std::fs::canonicalize(repo.join("hardstack.toml")).unwrap()
    );
    std::fs::write(deep.join("hardstack.toml"), "").unwrap();
    assert_eq!(
        discover(&deep).unwrap(),
        std::fs::canonicalize(deep.join("hardstack.toml")).unwrap()
    );
}

// --- the CLI -----------------------------------------------------------------------------

fn hardstack(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hardstack"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn cli_reports_requirements_in_every_format_and_can_fail_on_them() {
    let ex = "examples/production-webapp";
    let text = hardstack(&["scan", ex, "--region", "us-west-2", "--fail-on", "none"]);
    assert_eq!(text.status.code(), Some(0));
    let out = String::from_utf8_lossy(&text.stdout);
    assert!(
        out.contains(
            "Requirements (examples/production-webapp/hardstack.toml): 8 met, 2 partly met"
        ),
        "{out}"
    );
    assert!(out.contains("  partly met  Environment: Production tag on all resources: "));
    let fail = hardstack(&["scan", ex, "--fail-on", "none", "--fail-on-requirements"]);
    assert_eq!(fail.status.code(), Some(1));

    let md = hardstack(&["scan", ex, "--format", "markdown", "--fail-on", "none"]);
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(md.contains("## Requirements compliance"));
    assert!(md.contains("1. ✅ **VPC in us-west-2 with 10.0.0.0/16 CIDR** — met"));
    assert!(md.contains("6. ⚠️ **Environment: Production tag on all resources** — partly met"));
    assert!(md.contains("see finding TAG-001"));

    let json = hardstack(&["scan", ex, "--format", "json", "--fail-on", "none"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let reqs = v["requirements"].as_array().unwrap();
    assert_eq!(reqs.len(), 10);
    assert_eq!(reqs[5]["status"], "partly_met");
    assert_eq!(reqs[0]["status"], "met");
    assert!(reqs[5]["evidence"][0]["line"].is_u64());

    // An explicit file, and a broken one.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("reqs.toml");
    std::fs::write(&bad, "[[requirements]]\ntitle = \"x\"\nvpc = 1\n").unwrap();
    let o = hardstack(&["scan", ex, "--requirements", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("reqs.toml:3:1: error: unknown field `vpc`"),
        "{err}"
    );
    let good = dir.path().join("good.toml");
    std::fs::write(
        &good,
        "[[requirements]]\ntitle = \"VPC\"\nvpc_cidr = \"10.0.0.0/16\"\n",
    )
    .unwrap();
    let o = hardstack(&[
        "scan",
        ex,
        "--fail-on",
        "none",
        "--fail-on-requirements",
        "--requirements",
        good.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn resources_with_a_condition_count_only_where_they_exist() {
    let t = "
Parameters:
  Ha: { Type: String, Default: 'yes' }
Conditions:
  IsHa: !Equals [!Ref Ha, 'yes']
Resources:
  A: { Type: AWS::EC2::Subnet, Properties: { VpcId: vpc-1, CidrBlock: 10.0.0.0/24 } }
  B: { Type: AWS::EC2::Subnet, Condition: IsHa, Properties: { VpcId: vpc-1, CidrBlock: 10.0.1.0/24 } }
";
    let req = "[[requirements]]\ntitle = \"two private\"\nprivate_subnets = 2\n";
    let r = one(t, req);
    assert_eq!(r.status, Status::PartlyMet);
    assert_eq!(
        r.scenarios.as_deref(),
        Some("met when IsHa (the default deployment); not met when not IsHa")
    );
    let b = r
        .evidence
        .iter()
        .find(|e| e.resource.as_deref() == Some("B"))
        .unwrap();
    assert_eq!(b.when.as_deref(), Some("IsHa"));
    assert_eq!(
        check_with(t, req, param("Ha", "no")).remove(0).status,
        Status::NotMet
    );
    assert_eq!(
        check_with(t, req, param("Ha", "yes")).remove(0).status,
        Status::Met
    );
}

#[test]
fn json_templates_are_checked_the_same_way() {
    let t = r#"{"Resources": {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": {"Fn::Sub": "10.0.0.0/16"}}}}}"#;
    let parsed = parse_requirements(
        Path::new("hardstack.toml"),
        "[[requirements]]\ntitle = \"VPC\"\nvpc_cidr = \"10.0.0.0/16\"\n",
    )
    .unwrap();
    let opts = Options::default().with_requirements(parsed);
    let FileOutcome::Scanned(report) = scan_source(Path::new("t.json"), t, &opts) else {
        panic!("not scanned");
    };
    let r = merge(opts.requirements.as_ref().unwrap(), &[report]).remove(0);
    assert_eq!(r.status, Status::Met, "{r:?}");
    assert_eq!(r.evidence[0].line, Some(1));
}

#[test]
fn a_cdk_manifest_environment_gives_the_region_and_is_named() {
    let reqs = load_requirements(&example().join("hardstack.toml")).unwrap();
    let opts = Options::default().with_requirements(reqs);
    let cdk = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/production-webapp-cdk/cdk.out");
    let result = scan(&[cdk], &opts);
    assert!(!result.reports.is_empty());
    let results = check_requirements(&result, &opts);
    let region = &results[0];
    assert!(
        region.summary.contains("from the CDK manifest, stack "),
        "{}",
        region.summary
    );
    assert_eq!(region.status, Status::Met, "{region:?}");
    assert_eq!(results[9].status, Status::Met, "{:?}", results[9]);
}

#[test]
fn reports_name_the_condition_of_a_partly_met_requirement() {
    use hardstack::render::{self, Report, text::TextOptions};
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("t.yaml");
    std::fs::write(
        &t,
        "
Parameters:
  Keep: { Type: String, Default: 'yes' }
Conditions:
  Versioned: !Equals [!Ref Keep, 'yes']
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: { Status: !If [Versioned, Enabled, Suspended] }
",
    )
    .unwrap();
    let reqs_path = dir.path().join("hardstack.toml");
    std::fs::write(
        &reqs_path,
        "[[requirements]]\ntitle = \"Versioned bucket\"\ns3_versioning = true\n",
    )
    .unwrap();
    let found = discover(&t).unwrap();
    let opts = Options::default().with_requirements(load_requirements(&found).unwrap());
    let result = scan(&[t], &opts);
    let report = Report::new(&result, "t.yaml")
        .with_requirements(&found, check_requirements(&result, &opts));
    let md = render::markdown::render(&report);
    assert!(
        md.contains("1. ⚠️ **Versioned bucket** — partly met"),
        "{md}"
    );
    assert!(
        md.contains(
            "_Scenarios_: met when Versioned (the default deployment); not met when not Versioned"
        ),
        "{md}"
    );
    assert!(
        md.contains("versioning Suspended — when not Versioned"),
        "{md}"
    );
    let text = render::text::render(&report, TextOptions::default());
    assert!(
        text.contains(
            "  partly met  Versioned bucket: versioning enabled on Bucket [met when Versioned"
        ),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&render::json::render(&report)).unwrap();
    assert_eq!(json["requirements"][0]["status"], "partly_met");
    assert_eq!(json["requirements"][0]["line"], 1);
    assert!(
        json["requirements_file"]
            .as_str()
            .unwrap()
            .ends_with("hardstack.toml")
    );
}
