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

/// Read one input. A named pipe (FIFO) or socket is refused before it is
/// opened, since opening or reading it may block for ever (see [`refused`]).
pub(crate) fn load(path: &Path) -> Result<Loaded, String> {
    let (name, bytes) = if path.as_os_str() == "-" {
        if crate::output::closed_at_start(0) {
            return Err("cannot read standard input: it is closed".into());
        }
        let bytes = read_limited(std::io::stdin().lock(), "standard input")?;
        ("<stdin>".to_string(), bytes)
    } else {
        let shown = format!("`{}`", path.display());
        let cannot = |e: std::io::Error| match e.kind() {
            std::io::ErrorKind::NotFound => format!("{shown}: no such file or directory"),
            _ => format!("cannot read {shown}: {}", crate::output::reason(&e)),
        };
        let meta = std::fs::metadata(path).map_err(cannot)?;
        if let Some(why) = refused(path, &meta) {
            return Err(format!("cannot read {shown}: {why}"));
        }
        let file = std::fs::File::open(path).map_err(cannot)?;
        // the same question of what was opened, in case the path changed
        if let Some(why) = file.metadata().ok().and_then(|m| refused(path, &m)) {
            return Err(format!("cannot read {shown}: {why}"));
        }
        (path.display().to_string(), read_limited(file, &shown)?)
    };
    Ok(crate::decode(&name, bytes))
}

/// Why an input is not read, if it is not: a directory; a named pipe
/// (FIFO) or socket, whose opening or reading may wait for ever for a
/// writer. A pipe passed as a descriptor (`<(cmd)`, `/dev/stdin`,
/// `/dev/fd/N`) has its writer already and is read, as is a device, up to
/// [`MAX_INPUT`].
fn refused(path: &Path, meta: &std::fs::Metadata) -> Option<&'static str> {
    if meta.is_dir() {
        return Some("it is a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        let descriptor = path == Path::new("/dev/stdin")
            || path.starts_with("/dev/fd")
            || path.starts_with("/proc/self/fd");
        if t.is_fifo() && !descriptor {
            return Some("it is a named pipe (FIFO), not a regular file");
        }
        if t.is_socket() {
            return Some("it is a socket, not a regular file");
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    None
}

/// The message when the paths hold no policy file, naming them.
pub(crate) fn none_found(paths: &[PathBuf]) -> String {
    let named: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
    format!("no `.policy` files found in {}", named.join(", "))
}

/// An error when `-` (stdin) is named more than once: it can be read once.
pub(crate) fn stdin_once(paths: &[PathBuf]) -> Result<(), String> {
    if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err("standard input (`-`) can be read only once: give `-` at most once".into());
    }
    Ok(())
}

/// All of `from`, unless it is larger than [`MAX_INPUT`].
fn read_limited(from: impl Read, shown: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    from.take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {shown}: {}", crate::output::reason(&e)))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(format!(
            "{shown} is larger than {} MiB, the most policyc reads",
            MAX_INPUT / (1024 * 1024)
        ));
    }
    Ok(bytes)
}
