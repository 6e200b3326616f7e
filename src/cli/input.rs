//! Reading inputs: files, directories searched for `*.policy`, and stdin.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::source::{SourceFile, Span};
use crate::syntax::SyntaxError;

/// One input to compile: a named source, or an error that stops it early.
pub(crate) enum Loaded {
    Source(SourceFile),
    /// Not UTF-8: the error and a lossy copy to show it in.
    NotUtf8(SourceFile, SyntaxError),
}

/// Expand the command-line paths: files as given, directories recursively
/// (`*.policy`, sorted), `-` for stdin.
pub(crate) fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(p.clone());
        } else if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found).map_err(|e| format!("cannot read directory `{}`: {e}", p.display()))?;
            found.sort();
            out.extend(found);
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(format!("`{}`: no such file or directory", p.display()));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "policy") {
            out.push(path);
        }
    }
    Ok(())
}

/// Read one input.
pub(crate) fn load(path: &Path) -> Result<Loaded, String> {
    let (name, bytes) = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        ("<stdin>".to_string(), buf)
    } else {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        (path.display().to_string(), bytes)
    };
    Ok(match String::from_utf8(bytes) {
        Ok(text) => Loaded::Source(SourceFile::new(name, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bad = e.utf8_error().error_len().unwrap_or(1);
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // The lossy copy has U+FFFD (3 bytes) where the bad sequence was.
            let _ = bad;
            let err = SyntaxError::NotUtf8 {
                at: Span::new(at, at + '\u{FFFD}'.len_utf8()),
            };
            Loaded::NotUtf8(SourceFile::new(name, lossy), err)
        }
    })
}
