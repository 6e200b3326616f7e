//! Writing results: stdout that tolerates a closed pipe, and files that are
//! either written whole or not at all.

use std::io::{self, Write};
use std::path::Path;

/// Write to stdout. A closed pipe (`policyc … | head -1`) is not an error.
pub fn stdout(bytes: &[u8]) -> io::Result<()> {
    stdout_with(|out| out.write_all(bytes))
}

/// Write to stdout through a buffer, as `produce` makes the text. A closed
/// pipe is not an error, as in [`stdout`].
pub fn stdout_with(produce: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    match produce(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// The human report's stream: stderr, written piece by piece. A failed
/// write (a closed pipe, `2>&-`) ends the report quietly; the exit status
/// still says what was found.
pub struct Stderr {
    failed: bool,
}

impl Stderr {
    pub fn new() -> Stderr {
        Stderr { failed: false }
    }

    pub fn write(&mut self, text: &str) {
        if self.failed {
            return;
        }
        let mut err = io::stderr().lock();
        self.failed = err
            .write_all(text.as_bytes())
            .and_then(|()| err.flush())
            .is_err();
    }
}

impl Default for Stderr {
    fn default() -> Stderr {
        Stderr::new()
    }
}

/// Write a file atomically: into a temporary file in the same directory,
/// then rename over the target. On any failure the target is untouched and
/// the temporary file is removed.
///
/// A device, pipe or socket (`-o /dev/null`), and anything under `/dev` or
/// `/proc` (`-o /dev/stdout`), is written in place: renaming over it would
/// replace the device node or the link. A directory is refused before
/// anything is created. A symbolic link to a file is followed, so the file it
/// points to is replaced and the link is kept. An existing file keeps its
/// permissions.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let existing = std::fs::metadata(path).ok();
    if let Some(meta) = &existing {
        if meta.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "is a directory",
            ));
        }
        // `/dev/stdout` is a link to the caller's descriptor, whatever it is
        if !meta.is_file() || path.starts_with("/dev") || path.starts_with("/proc") {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .truncate(meta.is_file())
                .open(path)?;
            return f.write_all(bytes).and_then(|()| f.flush());
        }
    }
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    // `create_new` never opens an existing file or follows a planted link; a
    // temporary file left by an earlier process with the same id is removed.
    let create = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
    };
    let mut f = match create() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(&tmp)?;
            create()?
        }
        other => other?,
    };
    let result = (|| {
        f.write_all(bytes)?;
        if let Some(meta) = &existing {
            f.set_permissions(meta.permissions())?;
        }
        f.sync_all()?;
        std::fs::rename(&tmp, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
