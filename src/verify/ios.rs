//! iOS `Info.plist` and `PrivacyInfo.xcprivacy`.
//!
//! XML property lists are read with roxmltree (byte ranges for spans): the
//! top-level `<dict>`'s `NS…UsageDescription` keys with their texts, and a
//! privacy manifest's `NSPrivacyCollectedDataTypes`. Binary property lists
//! (`bplist00`) are read with the `plist` crate, without positions.

use super::catalogue::{Catalogue, Platform};
use super::{Bad, FileKind, Item, What};
use crate::source::Span;

fn is_usage_key(key: &str) -> bool {
    key.ends_with("UsageDescription")
}

fn usage_item(
    cat: &Catalogue,
    key: &str,
    span: Span,
    text: Option<(String, Span)>,
) -> Option<Item> {
    cat.permission(Platform::Ios, key).map(|_| Item {
        what: What::Permission {
            platform: Platform::Ios,
            name: key.to_string(),
        },
        span,
        text,
    })
}

fn span_of(node: roxmltree::Node<'_, '_>) -> Span {
    let r = node.range();
    Span::new(r.start, r.end)
}

/// The text of a `<string>` element and the span of that text.
fn string_value(node: roxmltree::Node<'_, '_>) -> Option<(String, Span)> {
    if !node.has_tag_name("string") {
        return None;
    }
    let text: String = node.children().filter_map(|c| c.text()).collect();
    let span = match node.first_child() {
        Some(c) if c.is_text() => {
            let r = c.range();
            let last = node.last_child().map_or(r.end, |l| l.range().end);
            Span::new(r.start, last)
        }
        _ => span_of(node),
    };
    Some((text, span))
}

/// The key/value pairs of a `<dict>` element.
fn pairs<'a, 'i>(
    dict: roxmltree::Node<'a, 'i>,
) -> Vec<(roxmltree::Node<'a, 'i>, roxmltree::Node<'a, 'i>)> {
    let elements: Vec<_> = dict
        .children()
        .filter(roxmltree::Node::is_element)
        .collect();
    elements
        .chunks(2)
        .filter_map(|c| match c {
            [k, v] if k.has_tag_name("key") => Some((*k, *v)),
            _ => None,
        })
        .collect()
}

pub fn read_xml(text: &str, kind: FileKind, cat: &Catalogue) -> Result<Vec<Item>, Bad> {
    let what = if kind == FileKind::PrivacyManifest {
        crate::msg!("verify.bad.the-privacy-manifest")
    } else {
        crate::msg!("verify.bad.the-property-list")
    };
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| super::android::xml_error(text, &e, what.clone()))?;
    let root = doc.root_element();
    let dict = root
        .children()
        .find(|n| n.has_tag_name("dict"))
        .filter(|_| root.has_tag_name("plist"));
    let Some(dict) = dict else {
        let r = root.range();
        return Err(Bad::new(crate::msg!(
            "verify.bad.not-plist",
            what = what,
            root = root.tag_name().name()
        ))
        .at(
            Span::new(r.start, r.start + 1 + root.tag_name().name().len()),
            crate::msg!("verify.bad.expected-plist"),
        )
        .help(crate::msg!("verify.bad.give-plist")));
    };
    let mut items = Vec::new();
    for (k, v) in pairs(dict) {
        let key: String = k.children().filter_map(|c| c.text()).collect();
        let key_span = span_of(k);
        if kind == FileKind::PrivacyManifest {
            if key == "NSPrivacyCollectedDataTypes" && v.has_tag_name("array") {
                for entry in v.children().filter(|n| n.has_tag_name("dict")) {
                    for (ek, ev) in pairs(entry) {
                        let ekey: String = ek.children().filter_map(|c| c.text()).collect();
                        if ekey == "NSPrivacyCollectedDataType" {
                            if let Some((name, span)) = string_value(ev) {
                                items.push(Item {
                                    what: What::DeclaredData { name },
                                    span,
                                    text: None,
                                });
                            }
                        }
                    }
                }
            }
        } else if is_usage_key(&key) {
            if let Some(item) = usage_item(cat, &key, key_span, string_value(v)) {
                items.push(item);
            }
        }
    }
    Ok(items)
}

pub fn read_binary(bytes: &[u8], kind: FileKind, cat: &Catalogue) -> Result<Vec<Item>, Bad> {
    let value = plist::Value::from_reader(std::io::Cursor::new(bytes)).map_err(|e| {
        Bad::new(crate::msg!(
            "verify.bad.binary-plist-unreadable",
            detail = e.to_string()
        ))
    })?;
    let Some(dict) = value.as_dictionary() else {
        return Err(Bad::new(crate::msg!("verify.bad.binary-plist-not-dict")));
    };
    let mut items = Vec::new();
    for (key, v) in dict {
        if kind == FileKind::InfoPlist && is_usage_key(key) {
            let text = v.as_string().map(|s| (s.to_string(), Span::default()));
            if let Some(item) = usage_item(cat, key, Span::default(), text) {
                items.push(item);
            }
        }
    }
    Ok(items)
}
