//! Reading inputs: files, directories searched for `*.policy`, and stdin.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostic::CompileError;
use crate::source::SourceFile;

/// One input to compile: a named source, or the E100 error of a file that
/// is not UTF-8.
pub(crate) type Loaded = Result<SourceFile, CompileError>;

/// Expand the command-line paths: files as given, directories recursively
/// (`*.policy`, sorted), `-` for stdin.
pub(crate) fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(p.clone());
        } else if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found)
                .map_err(|e| format!("cannot read directory `{}`: {e}", p.display()))?;
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
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        (path.display().to_string(), bytes)
    };
    Ok(crate::decode(&name, bytes))
}
