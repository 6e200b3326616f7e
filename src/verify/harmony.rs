//! HarmonyOS `module.json5`, parsed with the `json5` crate: the
//! `module.requestPermissions` entries (`name`, `reason`). The parser keeps
//! no positions; each value is located in the text after the parse has
//! validated it (docs/verify.md).

use super::catalogue::{Catalogue, Platform};
use super::{find_literal, Bad, Item, What};
use crate::source::Span;

pub fn read(text: &str, cat: &Catalogue) -> Result<Vec<Item>, Bad> {
    let value: serde_json::Value = json5::from_str(text).map_err(|e| match e.position() {
        Some(p) => super::miniprogram::json_error(
            text,
            p.line + 1,
            p.column + 1,
            crate::msg!("verify.bad.json5", detail = e.to_string()),
        ),
        None => Bad::new(crate::msg!("verify.bad.json5", detail = e.to_string())),
    })?;
    let Some(module) = value.get("module").and_then(|m| m.as_object()) else {
        return Err(Bad::new(crate::msg!("verify.bad.not-module-json5"))
            .at(
                Span::new(0, text.len().min(1)),
                crate::msg!("verify.bad.expected-module"),
            )
            .help(crate::msg!("verify.bad.give-module-json5")));
    };
    let mut items = Vec::new();
    let Some(perms) = module.get("requestPermissions").and_then(|p| p.as_array()) else {
        return Ok(items);
    };
    let mut from = find_literal(text, 0, "requestPermissions")
        .map(|s| s.end as usize)
        .or_else(|| {
            text.find("requestPermissions")
                .map(|i| i + "requestPermissions".len())
        })
        .unwrap_or(0);
    for p in perms {
        let Some(name) = p.get("name").and_then(|n| n.as_str()) else {
            continue;
        };
        let span = find_literal(text, from, name).unwrap_or_default();
        if span.end > 0 {
            from = span.end as usize;
        }
        if cat.permission(Platform::Harmony, name).is_none() {
            continue;
        }
        let reason = p.get("reason").and_then(|r| r.as_str()).map(|r| {
            let at = find_literal(text, from, r).unwrap_or_default();
            (r.to_string(), at)
        });
        items.push(Item {
            what: What::Permission {
                platform: Platform::Harmony,
                name: name.to_string(),
            },
            span,
            text: reason,
        });
    }
    Ok(items)
}
