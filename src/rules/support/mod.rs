//! Helpers shared by several rules (IAM policy documents, port ranges, tags). Not rules.

pub mod bucket_policy;
pub mod ingress;
pub mod kms;
pub mod launch_template;
pub mod path;
pub mod policy;
pub mod sam;
pub mod scenarios;
pub mod secrets;
pub mod taggable;
pub mod tags;

/// `*` matches any run of characters, `?` one character.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// How evidence names a resource: `role AppRole`, `queue Jobs`, `resource X` for types
/// without a short name.
pub fn describe(typ: &str, id: &str) -> String {
    let noun = match typ {
        "AWS::IAM::Role" => "role",
        "AWS::IAM::User" => "user",
        "AWS::IAM::Group" => "group",
        "AWS::IAM::Policy" => "policy",
        "AWS::IAM::ManagedPolicy" => "managed policy",
        "AWS::IAM::AccessKey" => "access key",
        "AWS::S3::Bucket" => "bucket",
        "AWS::S3::BucketPolicy" => "bucket policy",
        "AWS::SNS::Topic" => "topic",
        "AWS::SQS::Queue" => "queue",
        "AWS::SQS::QueuePolicy" => "queue policy",
        "AWS::KMS::Key" => "KMS key",
        "AWS::Logs::LogGroup" => "log group",
        "AWS::EC2::Volume" => "volume",
        "AWS::EC2::Instance" => "instance",
        "AWS::EC2::LaunchTemplate" => "launch template",
        "AWS::AutoScaling::LaunchConfiguration" => "launch configuration",
        "AWS::CloudTrail::Trail" => "trail",
        "AWS::SecretsManager::Secret" => "secret",
        "AWS::RDS::DBInstance" => "DB instance",
        "AWS::RDS::DBCluster" => "DB cluster",
        "AWS::Lambda::Function" | "AWS::Serverless::Function" => "function",
        "AWS::ECS::TaskDefinition" => "task definition",
        "AWS::ElastiCache::ReplicationGroup" => "replication group",
        "AWS::Redshift::Cluster" => "Redshift cluster",
        "AWS::DocDB::DBCluster" => "DocumentDB cluster",
        "AWS::AmazonMQ::Broker" => "broker",
        "AWS::DynamoDB::Table" => "table",
        "AWS::DynamoDB::GlobalTable" => "global table",
        "AWS::EFS::FileSystem" => "file system",
        "AWS::OpenSearchService::Domain" | "AWS::Elasticsearch::Domain" => "domain",
        "AWS::DirectoryService::MicrosoftAD" | "AWS::DirectoryService::SimpleAD" => "directory",
        _ => "resource",
    };
    format!("{noun} {id}")
}
