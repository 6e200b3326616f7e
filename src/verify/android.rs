//! `AndroidManifest.xml` (as written, or the merged manifest of a build),
//! read with roxmltree, which keeps the byte range of every attribute.
//!
//! Read: `uses-permission`, `uses-permission-sdk-23` (and its old name
//! `uses-permission-sdk-m`), components (`activity`, `service`, `receiver`,
//! `provider`, `activity-alias`) and `meta-data` whose names identify an
//! SDK, and `<queries><package>`. An element with `tools:node="remove"` (or
//! `removeAll`) is left out: the manifest merger drops it from the app.

use super::catalogue::{Catalogue, Platform};
use super::{offset_of, Bad, Item, What};
use crate::source::Span;

pub const ANDROID_NS: &str = "http://schemas.android.com/apk/res/android";
pub const TOOLS_NS: &str = "http://schemas.android.com/tools";

/// Turn a roxmltree error into a located message.
pub(crate) fn xml_error(text: &str, e: &roxmltree::Error, what: crate::messages::Msg) -> Bad {
    let pos = e.pos();
    let at = offset_of(text, pos.row as usize, pos.col as usize);
    Bad::new(crate::msg!(
        "verify.bad.xml",
        what = what,
        detail = e.to_string()
    ))
    .at(Span::at(at), crate::msg!("verify.bad.xml-parser-stopped"))
}

fn name_value(node: roxmltree::Node<'_, '_>) -> Option<(String, Span)> {
    let attr = node.attribute_node((ANDROID_NS, "name"))?;
    let r = attr.range_value();
    Some((attr.value().to_string(), Span::new(r.start, r.end)))
}

fn removed_by_tools(node: roxmltree::Node<'_, '_>) -> bool {
    matches!(
        node.attribute((TOOLS_NS, "node")),
        Some("remove" | "removeAll")
    )
}

pub fn read(text: &str, cat: &Catalogue, removed: &mut Vec<String>) -> Result<Vec<Item>, Bad> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| xml_error(text, &e, crate::msg!("verify.bad.the-manifest")))?;
    let root = doc.root_element();
    if root.tag_name().name() != "manifest" {
        let r = root.range();
        return Err(Bad::new(crate::msg!(
            "verify.bad.not-manifest",
            root = root.tag_name().name()
        ))
        .at(
            Span::new(r.start, r.start + 1 + root.tag_name().name().len()),
            crate::msg!("verify.bad.expected-manifest"),
        )
        .help(crate::msg!("verify.bad.give-manifest")));
    }
    let mut items = Vec::new();
    for node in root.descendants().filter(roxmltree::Node::is_element) {
        let tag = node.tag_name().name();
        let Some((name, span)) = name_value(node) else {
            continue;
        };
        if removed_by_tools(node) {
            if tag.starts_with("uses-permission") {
                removed.push(name);
            }
            continue;
        }
        match tag {
            "uses-permission" | "uses-permission-sdk-23" | "uses-permission-sdk-m"
                if cat.permission(Platform::Android, &name).is_some() =>
            {
                items.push(Item {
                    what: What::Permission {
                        platform: Platform::Android,
                        name,
                    },
                    span,
                    text: None,
                });
            }
            "meta-data" => {
                if let Some(sdk) = cat.sdk_by_meta_data(&name) {
                    items.push(sdk_item(&sdk.id, format!("meta-data {name}"), span, false));
                }
            }
            "activity" | "activity-alias" | "service" | "receiver" | "provider" => {
                if let Some(sdk) = cat.sdk_by_class(&name) {
                    items.push(sdk_item(&sdk.id, format!("{tag} {name}"), span, false));
                }
            }
            "package"
                if node
                    .parent_element()
                    .is_some_and(|p| p.has_tag_name("queries")) =>
            {
                if let Some(sdk) = cat.sdk_by_query(&name) {
                    items.push(sdk_item(&sdk.id, format!("queries {name}"), span, true));
                }
            }
            _ => {}
        }
    }
    Ok(items)
}

pub(crate) fn sdk_item(id: &str, by: String, span: Span, weak: bool) -> Item {
    Item {
        what: What::Sdk {
            id: id.to_string(),
            by,
            weak,
        },
        span,
        text: None,
    }
}
