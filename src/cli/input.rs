//! Reading inputs: files, directories searched for `*.policy`, and stdin.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostic::CompileError;
use crate::source::SourceFile;

/// One input to compile: a named source, or the E100 error of a file that
/// is not UTF-8.
pub(crate) type Loaded = Result<SourceFile, CompileError>;

/// What the command-line paths expand to.
#[derive(Debug, Default)]
pub(crate) struct Inputs {
    /// Files to read, in order: each named file as given, then each
    /// directory's `*.policy` files sorted by path; each real file once.
    pub files: Vec<PathBuf>,
    /// Entries of a walk that could not be read (an unreadable file or
    /// folder, a dangling link): reported, and the run ends with exit 2 after
    /// the rest is done.
    pub unreadable: Vec<String>,
    /// Entries of a walk skipped because they are not regular files (a FIFO
    /// named `*.policy` would block the run).
    pub skipped: Vec<String>,
}

/// Expand the command-line paths: files as given, directories searched for
/// `*.policy`, `-` for stdin.
///
/// The walk is the one ripgrep uses (the `ignore` crate): it honours
/// `.gitignore`, `.ignore` and `.git/info/exclude` (inside a git repository
/// or not), skips hidden entries and `node_modules` below the named
/// directory (a hidden directory named on the command line is searched),
/// follows links but never into a loop, and yields a file reached through
/// two links once.
pub(crate) fn expand(paths: &[PathBuf]) -> Result<Inputs, String> {
    let mut out = Inputs::default();
    let mut seen = std::collections::BTreeSet::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.files.push(p.clone());
        } else if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut out, &mut found);
            // Sorted by path; a file reached by several paths is kept once,
            // under a path without links where there is one.
            found.sort_by_cached_key(|(_, path)| (through_link(path), path.clone()));
            let mut kept: Vec<PathBuf> = found
                .into_iter()
                .filter(|(id, _)| seen.insert(id.clone()))
                .map(|(_, path)| path)
                .collect();
            kept.sort();
            out.files.extend(kept);
        } else if p.exists() || p.is_symlink() {
            out.files.push(p.clone());
        } else {
            return Err(super::say(crate::msg!(
                "cli.no-such-file-directory",
                file = p.display().to_string()
            )));
        }
    }
    Ok(out)
}

/// Whether a path reaches its file through a symbolic link.
fn through_link(path: &Path) -> bool {
    let real = std::fs::canonicalize(path).ok();
    let plain = std::path::absolute(path).ok();
    real != plain
}

fn walk(dir: &Path, out: &mut Inputs, found: &mut Vec<(FileId, PathBuf)>) {
    let walker = ignore::WalkBuilder::new(dir)
        .standard_filters(true)
        .require_git(false)
        .follow_links(true)
        .filter_entry(|e| e.file_name() != "node_modules")
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) if is_loop(&e) => continue,
            Err(e) => {
                out.unreadable.push(e.to_string());
                continue;
            }
        };
        let path = entry.path();
        let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
        if is_dir || path.extension().is_none_or(|e| e != "policy") {
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => out.unreadable.push(super::say(crate::msg!(
                "cli.cannot-read",
                file = path.display().to_string(),
                detail = crate::output::reason_arg(&e)
            ))),
            Ok(meta) if !meta.is_file() => out.skipped.push(super::say(crate::msg!(
                "cli.skipped-not-regular-file",
                file = path.display().to_string()
            ))),
            Ok(meta) => found.push((FileId::of(path, &meta), path.to_path_buf())),
        }
    }
}

impl Inputs {
    /// Say on stderr what the walk skipped or could not read; whether
    /// anything could not be read (the run then ends with exit 2).
    pub(crate) fn report(&self) -> bool {
        let mut err = crate::output::Stderr::new();
        for s in &self.skipped {
            err.write(&format!("note: {s}\n"));
        }
        for u in &self.unreadable {
            err.write(&format!("error: {u}\n"));
        }
        !self.unreadable.is_empty()
    }
}

/// A walk error that only says a link leads back into its own ancestor.
fn is_loop(e: &ignore::Error) -> bool {
    match e {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        _ => false,
    }
}

/// A file's identity: device and inode where there are such, else its
/// canonical path.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum FileId {
    #[cfg_attr(not(unix), allow(dead_code))]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

impl FileId {
    #[cfg(unix)]
    fn of(_path: &Path, meta: &std::fs::Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId::Inode(meta.dev(), meta.ino())
    }

    #[cfg(not(unix))]
    fn of(path: &Path, _meta: &std::fs::Metadata) -> FileId {
        FileId::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }
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
            return Err(super::say(crate::msg!("cli.cannot-read-standard-input")));
        }
        let bytes = read_limited(std::io::stdin().lock(), "standard input")?;
        ("<stdin>".to_string(), bytes)
    } else {
        let shown = format!("`{}`", path.display());
        let cannot = |e: std::io::Error| match e.kind() {
            std::io::ErrorKind::NotFound => super::say(crate::msg!(
                "cli.no-such-file-directory-2",
                shown = shown.to_string()
            )),
            _ => super::say(crate::msg!(
                "cli.cannot-read-2",
                shown = shown.to_string(),
                detail = crate::output::reason_arg(&e)
            )),
        };
        let meta = std::fs::metadata(path).map_err(cannot)?;
        if let Some(why) = refused(path, &meta) {
            return Err(super::say(crate::msg!(
                "cli.cannot-read-3",
                shown = shown.to_string(),
                why = why.to_string()
            )));
        }
        let file = std::fs::File::open(path).map_err(cannot)?;
        // the same question of what was opened, in case the path changed
        if let Some(why) = file.metadata().ok().and_then(|m| refused(path, &m)) {
            return Err(super::say(crate::msg!(
                "cli.cannot-read-3",
                shown = shown.to_string(),
                why = why.to_string()
            )));
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
    super::say(crate::msg!(
        "cli.no-policy-files-found",
        join = named.join(", ").to_string()
    ))
}

/// An error when `-` (stdin) is named more than once: it can be read once.
pub(crate) fn stdin_once(paths: &[PathBuf]) -> Result<(), String> {
    if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(super::say(crate::msg!("cli.standard-input-can-read-2")));
    }
    Ok(())
}

/// All of `from`, unless it is larger than [`MAX_INPUT`].
pub(crate) fn read_limited(from: impl Read, shown: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    from.take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            super::say(crate::msg!(
                "cli.cannot-read-2",
                shown = shown.to_string(),
                detail = crate::output::reason_arg(&e)
            ))
        })?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(super::say(crate::msg!(
            "cli.larger-mib-most-policyc-2",
            shown = shown.to_string(),
            mib = MAX_INPUT / (1024 * 1024)
        )));
    }
    Ok(bytes)
}
