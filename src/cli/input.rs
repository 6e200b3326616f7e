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

/// The largest input read: far above any real policy (the seeds are under
/// 200 KB), and low enough that a mistaken argument (`/dev/zero`, a disk
/// image) ends with a message instead of filling memory.
pub(crate) const MAX_INPUT: u64 = 64 * 1024 * 1024;

/// Read one input.
pub(crate) fn load(path: &Path) -> Result<Loaded, String> {
    let (name, bytes) = if path.as_os_str() == "-" {
        let bytes = read_limited(std::io::stdin().lock(), "standard input")?;
        ("<stdin>".to_string(), bytes)
    } else {
        let shown = format!("`{}`", path.display());
        let file = std::fs::File::open(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
        (path.display().to_string(), read_limited(file, &shown)?)
    };
    Ok(crate::decode(&name, bytes))
}

/// All of `from`, unless it is larger than [`MAX_INPUT`].
fn read_limited(from: impl Read, shown: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    from.take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(format!(
            "{shown} is larger than {} MiB, the most policyc reads",
            MAX_INPUT / (1024 * 1024)
        ));
    }
    Ok(bytes)
}
