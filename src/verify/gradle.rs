//! Gradle build files.
//!
//! * `gradle/libs.versions.toml`: parsed with the `toml` crate; every
//!   `[libraries]` entry (`"g:a:v"`, `{ module = "g:a" }` or
//!   `{ group = "g", name = "a" }`) is a dependency, with the span of its value.
//! * `build.gradle` / `build.gradle.kts`: Groovy and Kotlin have no Rust
//!   parser, so a small tokenizer skips comments and reads string literals;
//!   a literal of the form `group:artifact[:version]` is a dependency
//!   (`implementation "g:a:v"`, `implementation("g:a:v")`, `api 'g:a:v'`).
//!   Dependencies written as version-catalogue accessors (`libs.foo.bar`)
//!   are found through `libs.versions.toml`, which `verify` reads as well.
//! * the text output of `gradle dependencies`: the first word of each tree
//!   line (`+--- g:a:v -> v2 (*)`).
//!
//! Coordinates are matched against the SDK catalogue's `maven` prefixes.

use serde::Deserialize;

use super::android::sdk_item;
use super::catalogue::Catalogue;
use super::{Bad, Item};
use crate::source::Span;

/// `group:artifact[:version]`: two or three parts of Maven characters
/// (a version may hold `${…}` or `$var`).
fn is_coordinate(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    let maven = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    };
    match parts.as_slice() {
        [g, a] => maven(g) && maven(a) && g.contains('.'),
        [g, a, v, ..] => {
            maven(g) && maven(a) && g.contains('.') && !v.contains(char::is_whitespace)
        }
        _ => false,
    }
}

fn coordinate_item(cat: &Catalogue, coordinate: &str, span: Span) -> Option<Item> {
    cat.sdk_by_maven(coordinate)
        .map(|sdk| sdk_item(&sdk.id, format!("dependency {coordinate}"), span, false))
}

/// String literals of a Groovy or Kotlin script, outside comments: their
/// contents and spans (quotes included).
fn literals(text: &str) -> Vec<(&str, Span)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let rest = text.get(i..).unwrap_or("");
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest
                .get(2..)
                .and_then(|r| r.find("*/"))
                .map_or(rest.len(), |e| e + 4);
        } else if rest.starts_with("\"\"\"") || rest.starts_with("'''") {
            let q = rest.get(..3).unwrap_or("");
            let end = rest
                .get(3..)
                .and_then(|r| r.find(q))
                .map_or(rest.len(), |e| e + 6);
            i += end;
        } else if b == b'"' || b == b'\'' {
            let mut j = i + 1;
            while let Some(&c) = bytes.get(j) {
                if c == b'\\' {
                    j += 2;
                } else if c == b || c == b'\n' {
                    break;
                } else {
                    j += 1;
                }
            }
            if bytes.get(j) == Some(&b) {
                if let Some(body) = text.get(i + 1..j) {
                    out.push((body, Span::new(i, j + 1)));
                }
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// Whether the code just before a literal, on its line, names the argument
/// `key` (`group: 'x'` in Groovy, `group = "x"` in Kotlin).
fn named(text: &str, span: Span, key: &str) -> bool {
    let before = text.get(..span.start as usize).unwrap_or("");
    let line = before.rsplit('\n').next().unwrap_or(before).trim_end();
    let Some(rest) = line.strip_suffix(':').or_else(|| line.strip_suffix('=')) else {
        return false;
    };
    let rest = rest.trim_end();
    rest.strip_suffix(key)
        .is_some_and(|b| b.chars().last().is_none_or(|c| !c.is_ascii_alphanumeric()))
}

/// `build.gradle` or `build.gradle.kts`: `"g:a:v"` literals, and the map
/// notation `group: 'g', name: 'a'` (Kotlin: `group = "g", name = "a"`).
pub fn read_script(text: &str, cat: &Catalogue) -> Result<Vec<Item>, Bad> {
    let lits = literals(text);
    let mut items = Vec::new();
    for (i, (s, span)) in lits.iter().enumerate() {
        if is_coordinate(s) {
            items.extend(coordinate_item(cat, s, *span));
        } else if named(text, *span, "group") {
            let same_line = |o: &Span| {
                text.get(span.end as usize..o.start as usize)
                    .is_some_and(|between| !between.contains('\n'))
            };
            let name = lits
                .iter()
                .skip(i + 1)
                .take_while(|(_, o)| same_line(o))
                .find(|(_, o)| named(text, *o, "name"));
            if let Some((artifact, aspan)) = name {
                let coordinate = format!("{s}:{artifact}");
                items.extend(coordinate_item(cat, &coordinate, span.join(*aspan)));
            }
        }
    }
    Ok(items)
}

#[derive(Deserialize)]
struct VersionCatalog {
    #[serde(default)]
    libraries: std::collections::BTreeMap<String, toml::Spanned<Library>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Library {
    Notation(String),
    Module { module: String },
    Group { group: String, name: String },
}

/// `gradle/libs.versions.toml`.
pub fn read_catalog(text: &str, cat: &Catalogue) -> Result<Vec<Item>, Bad> {
    let parsed: VersionCatalog = toml::from_str(text).map_err(|e| {
        let bad = Bad::new(crate::msg!(
            "verify.bad.not-version-catalogue",
            detail = e.message().trim()
        ));
        match e.span() {
            Some(r) => bad.at(
                Span::new(r.start, r.end.max(r.start)),
                crate::msg!("verify.bad.here"),
            ),
            None => bad,
        }
        .help(crate::msg!("verify.bad.version-catalogue-form"))
    })?;
    let mut items = Vec::new();
    for lib in parsed.libraries.values() {
        let r = lib.span();
        let span = Span::new(r.start, r.end);
        let coordinate = match lib.get_ref() {
            Library::Notation(s) => s.clone(),
            Library::Module { module } => module.clone(),
            Library::Group { group, name } => format!("{group}:{name}"),
        };
        if let Some(item) = coordinate_item(cat, &coordinate, span) {
            items.push(item);
        }
    }
    items.sort_by_key(|i| i.span.start);
    Ok(items)
}

/// The text output of `gradle dependencies` (or `:app:dependencies`).
pub fn read_dependencies(text: &str, cat: &Catalogue) -> Result<Vec<Item>, Bad> {
    let mut items = Vec::new();
    let mut tree_lines = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_start_matches(['|', '+', '\\', '-', ' ']);
        if body.len() < line.trim_end().len() && (line.contains("+--- ") || line.contains("\\--- "))
        {
            tree_lines += 1;
            let word = body.split_whitespace().next().unwrap_or("");
            let start = offset + (line.len() - body.len());
            if is_coordinate(word) {
                if let Some(item) = coordinate_item(cat, word, Span::new(start, start + word.len()))
                {
                    items.push(item);
                }
            }
        }
        offset += line.len();
    }
    if tree_lines == 0 && !text.trim().is_empty() {
        return Err(Bad::new(crate::msg!("verify.bad.not-dependencies"))
            .at(
                Span::new(0, text.find('\n').unwrap_or(text.len())),
                crate::msg!("verify.bad.expected-dependency-tree"),
            )
            .help(crate::msg!("verify.bad.write-dependencies")));
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates() {
        assert!(is_coordinate("cn.jiguang.sdk:jpush:5.0.0"));
        assert!(is_coordinate("com.umeng.umsdk:common:${umengVersion}"));
        assert!(is_coordinate("com.tencent.bugly:crashreport"));
        assert!(!is_coordinate("https://example.com"));
        assert!(!is_coordinate("release"));
    }

    #[test]
    fn map_notation() {
        let cat = Catalogue::builtin().unwrap_or_else(|e| panic!("{e}"));
        let t = "implementation group: 'cn.jiguang.sdk', name: 'jpush', version: '5.2.0'\nimplementation(group = \"com.tencent.bugly\", name = \"crashreport\")\nnotgroup: 'x.y', name: 'z'";
        let items = read_script(t, cat).unwrap_or_default();
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn comments_hide_literals() {
        let t = "// implementation 'cn.jiguang.sdk:jpush:1'\n/* \"a.b:c\" */ api(\"x.y:z:1\")";
        let found: Vec<&str> = literals(t).into_iter().map(|(s, _)| s).collect();
        assert_eq!(found, vec!["x.y:z:1"]);
    }
}
