//! Secret detection shared by the secrets rules: names that suggest a secret, dynamic
//! references, and a scanner for credentials in free text (UserData, environment values).

use crate::load::{Node, NodeKind, Span};

/// Words in a parameter or variable name that suggest it holds a secret.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "privatekey",
    "private_key",
    "private-key",
    "accesskey",
    "access_key",
    "credential",
    "authkey",
];

/// Name endings that describe a secret without holding it (`SecretArn`, `PasswordLength`).
const NOT_SECRET_SUFFIXES: &[&str] = &[
    "arn",
    "name",
    "id",
    "length",
    "policy",
    "rotation",
    "expiry",
    "expiration",
    "ttl",
    "path",
    "parameter",
    "version",
    "stack",
    "stackname",
    "age",
    "prevention",
    "reuse",
    "kmskey",
    "role",
    "bucket",
    "table",
    "topic",
    "queue",
    "group",
    "mode",
    "format",
    "location",
    "store",
    "size",
    "enabled",
    "type",
    "kmskeyid",
    "keyid",
    "prefix",
    "url",
    "uri",
    "file",
    "count",
    "days",
    "header",
    "param",
];

/// Does a name (parameter, environment variable, assignment key) suggest a secret value?
pub fn looks_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let squashed: String = lower
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let has_word = SECRET_WORDS
        .iter()
        .any(|w| lower.contains(w) || squashed.contains(&w.replace(['_', '-'], "")))
        || squashed == "pwd"
        || squashed.ends_with("pwd");
    has_word
        && !NOT_SECRET_SUFFIXES.iter().any(|s| squashed.ends_with(s))
        && !NOT_SECRET_PREFIXES.iter().any(|p| squashed.starts_with(p))
}

/// Name beginnings of settings about secrets (`AllowUsersToChangePassword`, `MaxPasswordAge`).
const NOT_SECRET_PREFIXES: &[&str] = &[
    "allow", "max", "min", "require", "enable", "disable", "use", "create", "generate", "rotate",
    "exclude", "include",
];

/// Text that reads its secret through `{{resolve:secretsmanager:...}}` or
/// `{{resolve:ssm-secure:...}}` (anywhere in it): resolved at deploy time, not written in
/// the template.
pub fn is_secret_dynamic_ref(text: &str) -> bool {
    text.contains("{{resolve:secretsmanager:") || text.contains("{{resolve:ssm-secure:")
}

/// The template node that a value was evaluated from (matched by span), if any.
pub fn node_at_span(node: &Node, span: Span) -> Option<&Node> {
    if node.span == span {
        // Prefer the outermost node with this span (an intrinsic over its argument).
        return Some(node);
    }
    if !(node.span.start <= span.start && span.end <= node.span.end) {
        return None;
    }
    match &node.kind {
        NodeKind::Map(entries) => entries.iter().find_map(|e| node_at_span(&e.value, span)),
        NodeKind::Seq(items) => items.iter().find_map(|i| node_at_span(i, span)),
        NodeKind::Scalar(_) => None,
    }
}

/// One credential found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// What was found: "an AWS access key id", "a private key", ...
    pub kind: &'static str,
    /// A redacted excerpt naming it (`AKIA…MNOP`, `DB_PASSWORD=…`).
    pub excerpt: String,
    /// 1-based line within the text.
    pub line: usize,
}

/// Credentials in free text: AWS access key ids, secret access key assignments, private
/// key blocks, and `password=literal` style assignments. References (`$VAR`, `${X}`,
/// `{{resolve:...}}`, `$(command)`) are not secrets.
pub fn scan_text(text: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if let Some(key) = access_key_id(line) {
            hits.push(Hit {
                kind: "an AWS access key id",
                excerpt: redact(key),
                line: line_no,
            });
        }
        if line.contains("-----BEGIN") && line.contains("PRIVATE KEY") {
            hits.push(Hit {
                kind: "a private key",
                excerpt: "-----BEGIN ... PRIVATE KEY-----".into(),
                line: line_no,
            });
        }
        if let Some((name, value)) = assignment(line) {
            let n = name.to_ascii_lowercase().replace(['-', '_'], "");
            let kind = if n.contains("secretaccesskey") || n.contains("secretkey") {
                "an AWS secret access key"
            } else {
                "a password or token"
            };
            let _ = value;
            hits.push(Hit {
                kind,
                excerpt: format!("{name}=…"),
                line: line_no,
            });
        }
    }
    hits
}

fn redact(s: &str) -> String {
    let head: String = s.chars().take(4).collect();
    let tail: String = s
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("{head}…{tail}")
}

/// An AWS access key id (`AKIA`/`ASIA`/... + 16 upper-case letters or digits) standing as a
/// word. The documentation example keys (`...EXAMPLE`) are not reported.
fn access_key_id(line: &str) -> Option<&str> {
    const PREFIXES: &[&str] = &[
        "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA",
    ];
    let bytes = line.as_bytes();
    let mut i = 0;
    while i + 20 <= bytes.len() {
        let word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if word_start && PREFIXES.iter().any(|p| line.get(i..i + 4) == Some(p)) {
            let cand = &bytes[i..i + 20];
            let body_ok = cand
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
            let word_end = bytes.get(i + 20).is_none_or(|b| !b.is_ascii_alphanumeric());
            if body_ok && word_end {
                let key = line.get(i..i + 20)?;
                if !key.ends_with("EXAMPLE") {
                    return Some(key);
                }
            }
        }
        i += 1;
    }
    None
}

/// `NAME=value` / `NAME: value` / `"NAME": "value"` where NAME suggests a secret and
/// value is a literal (not a reference, not empty, not a placeholder).
fn assignment(line: &str) -> Option<(&str, &str)> {
    let bytes = line.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        // A name: a run of word characters.
        while start < bytes.len() && !is_name_byte(bytes[start]) {
            start += 1;
        }
        let mut end = start;
        while end < bytes.len() && is_name_byte(bytes[end]) {
            end += 1;
        }
        if end == start {
            break;
        }
        let name = line.get(start..end)?.trim_start_matches(['-', '.']);
        let mut j = end;
        // Closing quote of a quoted key, then spaces, then the separator.
        if j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'') {
            j += 1;
        }
        while j < bytes.len() && bytes[j] == b' ' {
            j += 1;
        }
        if j < bytes.len() && (bytes[j] == b'=' || bytes[j] == b':') && looks_secret_name(name) {
            let sep = bytes[j];
            j += 1;
            // `a == b` comparisons are not assignments; a `:` separator needs a space after
            // it (`key: value`), so ARNs and URLs (`arn:aws:secretsmanager:...`) are not.
            if j < bytes.len()
                && (bytes[j] == b'=' || (sep == b':' && bytes[j] != b' ' && bytes[j] != b'\t'))
            {
                start = end;
                continue;
            }
            let rest = line.get(j..)?.trim_start();
            let value = rest.trim_start_matches(['"', '\'']);
            let value_end = value
                .find(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == ';' || c == ',')
                .unwrap_or(value.len());
            let value = value.get(..value_end)?;
            if is_literal_secret(value) {
                return Some((name, value));
            }
        }
        start = end;
    }
    None
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.'
}

/// A value that is written out rather than referenced.
pub fn is_literal_secret(value: &str) -> bool {
    if value.chars().count() < 4 {
        return false;
    }
    if value.starts_with(['$', '{', '%', '<', '(', '`', '[', '*', '@'])
        || value.contains("{{resolve:")
    {
        return false;
    }
    let lower = value.to_ascii_lowercase();
    !matches!(
        lower.as_str(),
        "null" | "none" | "true" | "false" | "required" | "optional" | "changeme?" | "undefined"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for n in [
            "DbPassword",
            "MasterUserPassword",
            "GitHubToken",
            "ApiKey",
            "DB_PASSWD",
            "AdminPwd",
            "ClientSecret",
        ] {
            assert!(looks_secret_name(n), "{n}");
        }
        for n in [
            "SecretArn",
            "PasswordLength",
            "DbSecretName",
            "TokenExpiry",
            "InstanceType",
            "KeyName",
        ] {
            assert!(!looks_secret_name(n), "{n}");
        }
    }

    #[test]
    fn scans_text() {
        let hits = scan_text(
            "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP\nexport AWS_SECRET_ACCESS_KEY=abcdEFGHijklMNOPqrstUVWXyz0123456789ABCD\nDB_PASSWORD=hunter2hunter\n",
        );
        let kinds: Vec<&str> = hits.iter().map(|h| h.kind).collect();
        assert_eq!(
            kinds,
            [
                "an AWS access key id",
                "an AWS secret access key",
                "a password or token"
            ]
        );
        assert!(hits.iter().all(|h| !h.excerpt.contains("hunter2")));
        assert!(scan_text("DB_PASSWORD=$(aws secretsmanager get-secret-value)\npassword=${DbPassword}\nKEY=AKIAIOSFODNN7EXAMPLE").is_empty());
        assert!(
            scan_text("echo stack=${AWS::StackName}\nif [ \"$password\" == \"x\" ]").is_empty()
        );
        assert_eq!(scan_text("-----BEGIN RSA PRIVATE KEY-----").len(), 1);
        assert!(scan_text("arn:aws:secretsmanager:us-east-1:123456789012:secret:db").is_empty());
        assert!(scan_text("{{resolve:secretsmanager:app/token}}").is_empty());
        assert_eq!(
            scan_text("mysql --password=Sup3rS3cret!")[0].excerpt,
            "password=…"
        );
        assert_eq!(scan_text("password: hunter2hunter").len(), 1);
    }
}
