//! Writing results: stdout that tolerates a closed pipe, stderr that never
//! fails the run, and files that are either written whole or not at all.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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

/// Write a message to stderr. A failed write (a closed pipe, `2>&-`, a
/// full device) is ignored: a message that cannot be shown must not stop
/// the work it is about, nor panic as `eprint!` does.
pub fn eprint(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// [`eprint`] with a line end.
pub fn eprintln(text: &str) {
    eprint(&format!("{text}\n"));
}

impl Default for Stderr {
    fn default() -> Stderr {
        Stderr::new()
    }
}

/// [`reason`] in both languages, for a message of the catalogue: the two
/// common reasons translated, any other as the system says it.
pub fn reason_arg(e: &io::Error) -> crate::messages::Arg {
    let en = reason(e);
    let zh = match e.kind() {
        io::ErrorKind::NotFound if e.raw_os_error().is_some() => {
            crate::msg!("cli.reason.not-found").render(crate::lang::Lang::Zh)
        }
        io::ErrorKind::PermissionDenied if e.raw_os_error().is_some() => {
            crate::msg!("cli.reason.permission-denied").render(crate::lang::Lang::Zh)
        }
        _ => en.clone(),
    };
    crate::messages::Arg::both(zh, en)
}

/// What went wrong with a file, in the style of policyc's messages: lower
/// case, without the `(os error N)` of the standard library.
pub fn reason(e: &io::Error) -> String {
    let text = match e.kind() {
        io::ErrorKind::NotFound if e.raw_os_error().is_some() => {
            "no such file or directory".to_string()
        }
        io::ErrorKind::PermissionDenied if e.raw_os_error().is_some() => {
            "permission denied".to_string()
        }
        _ => e.to_string(),
    };
    let text = match text.find(" (os error ") {
        Some(i) => text.get(..i).unwrap_or(&text).to_string(),
        None => text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if chars.clone().next().is_some_and(char::is_lowercase) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => text,
    }
}

/// Whether the standard stream `fd` (0 stdin, 1 stdout) was closed when
/// policyc started (`>&-`, `<&-`). Rust's runtime puts `/dev/null`, opened
/// read-write, in place of a closed standard stream, so reads would see an
/// empty input and writes would vanish. A `/dev/null` that a shell or a
/// caller opened for the one direction (`>/dev/null`) is not taken for a
/// closed stream. Linux only; elsewhere `false`.
pub fn closed_at_start(fd: u32) -> bool {
    if !cfg!(target_os = "linux") {
        return false;
    }
    let Ok(link) = std::fs::read_link(format!("/proc/self/fd/{fd}")) else {
        return false;
    };
    if link != Path::new("/dev/null") {
        return false;
    }
    let Ok(info) = std::fs::read_to_string(format!("/proc/self/fdinfo/{fd}")) else {
        return false;
    };
    info.lines()
        .find_map(|l| l.strip_prefix("flags:"))
        .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
        // O_ACCMODE == O_RDWR
        .is_some_and(|flags| flags & 0o3 == 0o2)
}

/// An error when stdout was closed at start (see [`closed_at_start`]): a
/// command whose result goes to stdout would otherwise end as if it had
/// written it.
pub fn require_stdout() -> Result<(), crate::messages::Msg> {
    if closed_at_start(1) {
        Err(crate::msg!("cli.stdout-closed"))
    } else {
        Ok(())
    }
}

/// Whether two paths name the same file, after following symbolic links:
/// the same device and inode on Unix, the same canonical path elsewhere.
/// A path that does not exist is the same as nothing.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}

/// Refuse an output file that is one of the inputs (by identity, not by
/// spelling: `-o ./p.policy`, a link to it, a hard link). `-` is stdin and
/// never a file here.
pub fn check_not_input<'a>(
    output: &Path,
    inputs: impl IntoIterator<Item = &'a Path>,
) -> Result<(), crate::messages::Msg> {
    for input in inputs {
        if input.as_os_str() != "-" && same_file(output, input) {
            return Err(crate::msg!(
                "cli.output-is-input",
                output = output.display().to_string(),
                input = input.display().to_string()
            ));
        }
    }
    Ok(())
}

/// Temporary files being written, removed if the process is interrupted.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// On SIGINT, SIGTERM or SIGHUP: remove the temporary files being written
/// and exit with status 130. Installed once, before the first temporary file
/// is created; until then the signals have their default effect.
fn install_cleanup() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        // If a handler cannot be installed, an interrupted write leaves its
        // temporary file behind, as before; the target is intact either way.
        let _ = ctrlc::set_handler(|| {
            if let Ok(pending) = PENDING.lock() {
                for p in pending.iter() {
                    let _ = std::fs::remove_file(p);
                }
            }
            std::process::exit(130);
        });
    });
}

fn pending(tmp: &Path, add: bool) {
    if let Ok(mut p) = PENDING.lock() {
        if add {
            p.push(tmp.to_path_buf());
        } else {
            p.retain(|x| x != tmp);
        }
    }
}

/// The longest file name most file systems take (NAME_MAX).
const NAME_MAX: usize = 255;

/// `.NAME.PID.tmp`, shortened to fit [`NAME_MAX`]: a long name keeps its
/// start and gets a hash of the whole name, so that two long names that
/// share a start do not share a temporary file.
fn temp_name(name: &std::ffi::OsStr) -> std::ffi::OsString {
    let suffix = format!(".{}.tmp", std::process::id());
    let whole = name.to_string_lossy();
    let room = NAME_MAX - 1 - suffix.len();
    let mut out = std::ffi::OsString::from(".");
    if name.len() <= room {
        out.push(name);
    } else {
        // FNV-1a: stable, and enough to tell names apart
        let hash = whole.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let tag = format!("~{hash:016x}");
        let keep = room - tag.len();
        let mut cut = keep.min(whole.len());
        while !whole.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push(whole.get(..cut).unwrap_or(""));
        out.push(tag);
    }
    out.push(suffix);
    out
}

/// Write a file atomically: into a temporary file in the same directory,
/// then rename over the target. On any failure the target is untouched and
/// the temporary file is removed; so it is when the process is interrupted
/// (SIGINT, SIGTERM, SIGHUP) during the write.
///
/// - A device, pipe or socket (`-o /dev/null`), and anything under `/dev` or
///   `/proc` (`-o /dev/stdout`), is written in place: renaming over it would
///   replace the device node or the link.
/// - A directory, a read-only file and a symbolic link to nothing are
///   refused before anything is created.
/// - A symbolic link to a file is followed, so the file it points to is
///   replaced and the link is kept.
/// - An existing file keeps its permissions and, when the process may set
///   them (as root), its owner and group.
/// - A file with more than one hard link is written in place, so that every
///   link still names the new contents; that write is not atomic.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let existing = std::fs::metadata(path).ok();
    let link = std::fs::symlink_metadata(path).ok();
    if existing.is_none() && link.is_some_and(|m| m.file_type().is_symlink()) {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            "it is a symbolic link to a file that does not exist",
        ));
    }
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
        if meta.permissions().readonly() {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the file is read-only",
            ));
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if meta.nlink() > 1 {
                let mut f = std::fs::OpenOptions::new()
                    .write(true)
                    .truncate(true)
                    .open(path)?;
                return f.write_all(bytes).and_then(|()| f.sync_all());
            }
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
    let tmp = dir.join(temp_name(name));
    install_cleanup();
    // `create_new` never opens an existing file or follows a planted link; a
    // temporary file left by an earlier process with the same id is removed.
    let create = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
    };
    pending(&tmp, true);
    let created = match create() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(&tmp).and_then(|()| create())
        }
        other => other,
    };
    let mut f = match created {
        Ok(f) => f,
        Err(e) => {
            pending(&tmp, false);
            return Err(e);
        }
    };
    let result = (|| {
        // Hidden, for tests/reliability.rs: a write slow enough to interrupt.
        if let Some(secs) = std::env::var_os("POLICYC_TEST_SLOW_WRITE") {
            let secs = secs.to_string_lossy().parse().unwrap_or(10);
            std::thread::sleep(std::time::Duration::from_secs(secs));
        }
        f.write_all(bytes)?;
        if let Some(meta) = &existing {
            keep_owner(&f, meta);
            f.set_permissions(meta.permissions())?;
        }
        f.sync_all()?;
        std::fs::rename(&tmp, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    pending(&tmp, false);
    result
}

/// Give the new file the owner and group of the one it replaces, where the
/// process may (root may; others may only pick among their own groups). A
/// failure keeps the process's own.
fn keep_owner(f: &std::fs::File, old: &std::fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(new) = f.metadata() {
            if new.uid() != old.uid() || new.gid() != old.gid() {
                let _ = std::os::unix::fs::fchown(f, Some(old.uid()), Some(old.gid()));
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (f, old);
    }
}
