//! The standalone HTML page: the page tree formatted by comrak (raw HTML
//! off, escaping on), an id on every heading, and a fixed shell with inline
//! CSS, no script and a Content-Security-Policy that forbids every request.

use std::collections::VecDeque;
use std::fmt::{self, Write as _};
use std::sync::Mutex;

use comrak::adapters::{HeadingAdapter, HeadingMeta};
use comrak::nodes::{NodeValue, Sourcepos};
use comrak::options::Plugins;
use comrak::{Anchorizer, Node};

use super::Lang;

const CSS: &str = include_str!("page.css");

/// Gives each heading its id: the next one of the page's list, or (for
/// Markdown read from elsewhere) a slug of the heading text.
struct HeadingIds {
    ids: Mutex<(VecDeque<String>, Anchorizer)>,
}

impl HeadingAdapter for HeadingIds {
    fn enter(
        &self,
        output: &mut dyn fmt::Write,
        heading: &HeadingMeta,
        _: Option<Sourcepos>,
    ) -> fmt::Result {
        let id = match self.ids.lock() {
            Ok(mut g) => match g.0.pop_front() {
                Some(id) if !id.is_empty() => id,
                _ => g.1.anchorize(&heading.content),
            },
            Err(_) => String::new(),
        };
        write!(output, "<h{} id=\"", heading.level)?;
        output.write_str(&escape(&id))?;
        output.write_str("\">")
    }

    fn exit(&self, output: &mut dyn fmt::Write, heading: &HeadingMeta) -> fmt::Result {
        writeln!(output, "</h{}>", heading.level)
    }
}

/// Format a tree as HTML, giving headings the ids in `heading_ids` (in
/// document order). The tree is the one [`super::page::build`] validated, or
/// one that comrak parsed.
pub fn format_body(root: Node<'_>, heading_ids: &[String]) -> Result<String, String> {
    let adapter = HeadingIds {
        ids: Mutex::new((heading_ids.iter().cloned().collect(), Anchorizer::new())),
    };
    let mut plugins = Plugins::default();
    plugins.render.heading_adapter = Some(&adapter);
    let mut out = String::new();
    comrak::format_html_with_plugins(root, &super::options(), &mut out, &plugins)
        .map_err(|e| format!("cannot format HTML: {e}"))?;
    Ok(out)
}

/// Append `html` to `out`, putting every plain `<table>` (Markdown's) in a
/// scrolling box, so that a wide table scrolls on a phone instead of
/// widening the page; the page's own card tables (`<table class="cards">`)
/// come boxed and are left as they are, their `</table>` too. One pass,
/// straight into the page: the body of a large policy is tens of MB.
fn push_wrapping_tables(out: &mut String, html: &str) {
    const OPEN: &str = "<table>";
    const OWN: &str = "<table ";
    const CLOSE: &str = "</table>";
    let tags = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build([OPEN, OWN, CLOSE]);
    let Ok(tags) = tags else {
        out.push_str(html);
        return;
    };
    // Whether each open table was boxed here.
    let mut boxed: Vec<bool> = Vec::new();
    let mut copied = 0;
    for m in tags.find_iter(html) {
        out.push_str(html.get(copied..m.start()).unwrap_or(""));
        let tag = html.get(m.start()..m.end()).unwrap_or("");
        match m.pattern().as_usize() {
            0 => {
                boxed.push(true);
                out.push_str("<div class=\"table\" tabindex=\"0\" role=\"region\"><table>");
            }
            1 => {
                boxed.push(false);
                out.push_str(tag);
            }
            _ => {
                out.push_str(tag);
                if boxed.pop().unwrap_or(false) {
                    out.push_str("</div>");
                }
            }
        }
        copied = m.end();
    }
    out.push_str(html.get(copied..).unwrap_or(""));
}

/// In Markdown read from elsewhere, keep only links with an http, https,
/// mailto or tel URL or an in-page `#` target, and no images at all (a page
/// makes no requests): anything else becomes its text.
pub fn neutralise_links(root: Node<'_>) {
    let doomed: Vec<Node<'_>> = root
        .descendants()
        .filter(|n| match &n.data().value {
            NodeValue::Image(_) => true,
            NodeValue::Link(l) => {
                !(l.url.starts_with('#') || super::page::safe_url(&l.url).is_some())
            }
            _ => false,
        })
        .collect();
    for n in doomed {
        let children: Vec<Node<'_>> = n.children().collect();
        for c in children {
            n.insert_before(c);
        }
        n.detach();
    }
}

/// Escape text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A title as the page's `<title>` may hold it: control characters, which
/// HTML does not allow in text, become U+FFFD as NUL does in the body (line
/// ends and tabs become spaces).
fn plain_title(title: &str) -> String {
    title
        .chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// The page shell around a body formatted by [`format_body`].
pub fn page(body: &str, lang: Lang, title: &str) -> String {
    page_with(body, lang, title, "")
}

/// A string as the content of a CSS string literal: quotes, backslashes,
/// angle brackets and control characters as CSS escapes.
fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c.is_control() || matches!(c, '"' | '\\' | '<' | '>' | '&') {
            let _ = write!(out, "\\{:x} ", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// The page shell, with the title and `meta` (version, date) in the margins
/// of every printed page.
pub fn page_with(body: &str, lang: Lang, title: &str, meta: &str) -> String {
    let tables = body.matches("<table>").count();
    let mut out = String::with_capacity(body.len() + 25 * tables + CSS.len() + 1024);
    out.push_str("<!doctype html>\n");
    let _ = writeln!(out, "<html lang=\"{}\">", lang.html_code());
    out.push_str("<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n",
    );
    out.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&plain_title(title)));
    let _ = writeln!(out, "<style>\n{CSS}");
    let _ = writeln!(
        out,
        "@page {{ size: A4; margin: 18mm 16mm 20mm; @top-left {{ content: {}; font-size: 8pt; color: #555; }} @bottom-left {{ content: {}; font-size: 8pt; color: #555; }} @bottom-right {{ content: counter(page) \" / \" counter(pages); font-size: 8pt; color: #555; }} }}",
        css_string(&plain_title(title)),
        css_string(meta)
    );
    out.push_str("</style>\n");
    out.push_str("</head>\n<body>\n<main>\n");
    push_wrapping_tables(&mut out, body);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_table_gets_its_scrolling_box_in_one_pass() {
        let mut out = String::from("<main>");
        super::push_wrapping_tables(
            &mut out,
            "<p>a</p>\n<table>\n<tr></tr>\n</table>\n<p>&lt;table&gt;</p>\n<table></table>",
        );
        assert_eq!(
            out,
            "<main><p>a</p>\n<div class=\"table\" tabindex=\"0\" role=\"region\"><table>\n<tr></tr>\n</table></div>\n\
             <p>&lt;table&gt;</p>\n<div class=\"table\" tabindex=\"0\" role=\"region\"><table></table></div>"
        );
        // A card table is boxed already: its close is left alone.
        let mut cards = String::new();
        super::push_wrapping_tables(
            &mut cards,
            "<div class=\"sheet\"><table class=\"cards\">\n</table></div>\n<table></table>",
        );
        assert_eq!(
            cards,
            "<div class=\"sheet\"><table class=\"cards\">\n</table></div>\n\
             <div class=\"table\" tabindex=\"0\" role=\"region\"><table></table></div>"
        );
        let mut plain = String::new();
        super::push_wrapping_tables(&mut plain, "no tables here");
        assert_eq!(plain, "no tables here");
    }
}
