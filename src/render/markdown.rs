//! The page tree as CommonMark (GFM tables), through comrak's formatter.

use comrak::Node;

/// Format a page tree as CommonMark with the shared [`super::options`].
pub fn format(root: Node<'_>) -> Result<String, String> {
    root.validate()
        .map_err(|e| format!("internal error: ill-formed page tree: {e:?}"))?;
    let mut out = String::new();
    comrak::format_commonmark(root, &super::options(), &mut out)
        .map_err(|e| format!("cannot format Markdown: {e}"))?;
    Ok(out)
}
