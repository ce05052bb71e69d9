//! CW-001: a workload environment has CloudWatch alarms.

use crate::eval::When;
use crate::rules::support::scenarios::uncovered;
use crate::rules::{At, Category, Check, Ctx, Fix, Meta, Report, Rule, Severity, Tier};

pub static RULE: Rule = Rule {
    meta: Meta {
        id: "CW-001",
        slug: "cloudwatch-alarms",
        title: "No CloudWatch alarms: failures and abuse go unnoticed",
        strength: "CloudWatch alarms watch the workload",
        service: "cloudwatch",
        category: Category::Monitoring,
        severity: Severity::Low,
        tier: Tier::Low,
        resource_types: &[],
        baseline: false,
        rationale: "Alarms turn metrics (errors, CPU, 5xx rates, unusual traffic) into notifications someone acts on; without them the workload is only observed after users complain.",
        risk: "Resource exhaustion, error spikes, or abuse such as crypto-mining on a compromised instance run unnoticed.",
        impact: "Longer outages and later detection of security incidents.",
        remediation: "Add AWS::CloudWatch::Alarm resources on the workload's key health and security metrics, with AlarmActions that notify an SNS topic.",
        fix: Fix {
            yaml: "HighCpuAlarm:\n  Type: AWS::CloudWatch::Alarm\n  Properties:\n    Namespace: AWS/EC2\n    MetricName: CPUUtilization\n    Dimensions:\n      - Name: AutoScalingGroupName\n        Value: !Ref AppGroup\n    Statistic: Average\n    Period: 300\n    EvaluationPeriods: 3\n    Threshold: 80\n    ComparisonOperator: GreaterThanThreshold\n    AlarmActions:\n      - !Ref AlertsTopic",
            json: "\"HighCpuAlarm\": {\n  \"Type\": \"AWS::CloudWatch::Alarm\",\n  \"Properties\": {\n    \"Namespace\": \"AWS/EC2\",\n    \"MetricName\": \"CPUUtilization\",\n    \"Dimensions\": [{\"Name\": \"AutoScalingGroupName\", \"Value\": {\"Ref\": \"AppGroup\"}}],\n    \"Statistic\": \"Average\",\n    \"Period\": 300,\n    \"EvaluationPeriods\": 3,\n    \"Threshold\": 80,\n    \"ComparisonOperator\": \"GreaterThanThreshold\",\n    \"AlarmActions\": [{\"Ref\": \"AlertsTopic\"}]\n  }\n}",
            cdk: "const alarm = new cloudwatch.Alarm(this, 'HighCpu', {\n  metric: cpuMetric,\n  threshold: 80,\n  evaluationPeriods: 3,\n});\nalarm.addAlarmAction(new actions.SnsAction(alertsTopic));",
        },
        references: &[
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudwatch-alarm.html",
        ],
        aliases: &[],
    },
    check: Check::Stack(check),
};

const ALARM_TYPES: &[&str] = &["AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm"];

fn check(cx: &Ctx, out: &mut Report) {
    if !cx.is_workload_environment() {
        return;
    }
    let alarms = cx.resources_of(ALARM_TYPES);
    let whens: Vec<When> = alarms.iter().map(|a| a.when.clone()).collect();
    let missing = uncovered(&cx.eval.env, &When::ALWAYS, &whens);
    for when in &missing {
        out.fail(At { when: when.clone(), ..At::stack(cx) }, "No CloudWatch alarms: the workload environment defines no AWS::CloudWatch::Alarm");
    }
    if missing.iter().all(|w| !cx.eval.env.holds_by_default(w)) && !alarms.is_empty() {
        let listed: Vec<String> = alarms
            .iter()
            .map(|a| {
                let to_sns = !cx.graph.targets(cx.template, a.index, "AlarmActions", "AWS::SNS::Topic").is_empty()
                    || a.at(cx, "AlarmActions/*").iter().any(|f| f.val.and_then(|v| v.text()).is_some_and(|t| t.contains(":sns:")));
                if to_sns { format!("{} (notifies SNS)", a.id()) } else { format!("{} (no SNS notification)", a.id()) }
            })
            .collect();
        out.pass(None, format!("CloudWatch alarms: {}", listed.join(", ")));
    }
}
