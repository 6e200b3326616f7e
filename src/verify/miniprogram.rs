//! WeChat mini-program `app.json`, parsed with serde_json: the
//! `permission` scopes (with their `desc`) and `requiredPrivateInfos`.
//! serde_json keeps no positions; each value is located in the text after
//! the parse has validated it (docs/verify.md).

use super::catalogue::{Catalogue, Platform};
use super::{find_literal, offset_of, Bad, Item, What};
use crate::source::Span;

pub(crate) fn json_error(
    text: &str,
    line: usize,
    column: usize,
    message: crate::messages::Msg,
) -> Bad {
    let at = offset_of(text, line, column);
    Bad::new(message).at(Span::at(at), crate::msg!("verify.bad.parser-stopped"))
}

pub fn read(text: &str, cat: &Catalogue) -> Result<Vec<Item>, Bad> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        json_error(
            text,
            e.line(),
            e.column(),
            crate::msg!("verify.bad.json", detail = e.to_string()),
        )
    })?;
    let Some(obj) = value.as_object() else {
        return Err(Bad::new(crate::msg!("verify.bad.not-json-object")).at(
            Span::new(0, text.len().min(1)),
            crate::msg!("verify.bad.expected-brace"),
        ));
    };
    if !obj.contains_key("pages")
        && !obj.contains_key("permission")
        && !obj.contains_key("requiredPrivateInfos")
    {
        return Err(Bad::new(crate::msg!("verify.bad.not-app-json"))
            .at(
                Span::new(0, text.len().min(1)),
                crate::msg!("verify.bad.expected-global-config"),
            )
            .help(crate::msg!("verify.bad.give-app-json")));
    }
    let mut items = Vec::new();
    if let Some(perms) = obj.get("permission").and_then(|p| p.as_object()) {
        let from = find_literal(text, 0, "permission").map_or(0, |s| s.end as usize);
        for (scope, body) in perms {
            let span = find_literal(text, from, scope).unwrap_or_default();
            if cat.permission(Platform::Miniprogram, scope).is_none() {
                continue;
            }
            let text_of = body.get("desc").and_then(|d| d.as_str()).map(|d| {
                let at = find_literal(text, span.end as usize, d).unwrap_or_default();
                (d.to_string(), at)
            });
            items.push(Item {
                what: What::Permission {
                    platform: Platform::Miniprogram,
                    name: scope.clone(),
                },
                span,
                text: text_of,
            });
        }
    }
    if let Some(infos) = obj.get("requiredPrivateInfos") {
        let Some(list) = infos.as_array() else {
            let at = find_literal(text, 0, "requiredPrivateInfos").unwrap_or_default();
            return Err(Bad::new(crate::msg!("verify.bad.private-infos-not-list"))
                .at(at, crate::msg!("verify.bad.not-a-list")));
        };
        let from = find_literal(text, 0, "requiredPrivateInfos").map_or(0, |s| s.end as usize);
        for name in list.iter().filter_map(|v| v.as_str()) {
            let span = find_literal(text, from, name).unwrap_or_default();
            items.push(Item {
                what: What::PrivateInfo {
                    name: name.to_string(),
                },
                span,
                text: None,
            });
        }
    }
    Ok(items)
}
