//! What every command runs in: the configuration (found the same way, and
//! used the same way, by `check`, `render` and `diff`) and the directory walk
//! (`.gitignore`, hidden folders, links, non-regular and unreadable entries).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn policyc(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_policyc"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .output()
        .expect("run policyc")
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const EXT: &str = "tests/fixtures/config/taxonomy-extension";

/// A copy of the extension fixture's policies without its configuration.
fn without_config() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["old.policy", "new.policy"] {
        std::fs::copy(root().join(EXT).join(f), dir.path().join(f)).unwrap();
    }
    dir
}

#[test]
fn a_configured_taxonomy_item_resolves_in_check_render_and_diff() {
    let r = root();
    let old = format!("{EXT}/old.policy");
    let new = format!("{EXT}/new.policy");
    // The nearest policyc.yaml is found by every command.
    let check = policyc(&["check", &old, "--format", "json"], &r);
    assert_eq!(code(&check), 1, "{}", stderr(&check));
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(json["summary"]["compile_errors"], 0);
    let render = policyc(&["render", &old, "--to", "md"], &r);
    assert_eq!(code(&render), 0, "{}", stderr(&render));
    assert!(String::from_utf8_lossy(&render.stdout).contains("记录并兑换会员积分"));
    let diff = policyc(&["diff", &old, &new, "--format", "json"], &r);
    assert_eq!(code(&diff), 0, "{}", stderr(&diff));
    let out = String::from_utf8_lossy(&diff.stdout).into_owned();
    assert!(out.contains("M003"), "{out}");
    // Without it, each command fails the same way, and `--config`
    // brings it back for each.
    let bare = without_config();
    let d = bare.path();
    let config = root().join(EXT).join("policyc.yaml");
    let config = config.to_str().unwrap();
    for args in [
        vec!["check", "old.policy"],
        vec!["render", "old.policy", "--to", "md"],
        vec!["diff", "old.policy", "new.policy"],
    ] {
        let o = policyc(&args, d);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(
            stderr(&o).contains("unknown data category `points`"),
            "{args:?}: {}",
            stderr(&o)
        );
        let mut with = args.clone();
        with.extend(["--config", config]);
        let o = policyc(&with, d);
        assert!(code(&o) < 2, "{with:?}: {}", stderr(&o));
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn policy() -> String {
    std::fs::read_to_string(root().join("examples/minimal.policy")).unwrap()
}

/// The names of the files a JSON report covers.
fn files_checked(o: &Output) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stderr(o)));
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

#[cfg(unix)]
#[test]
fn the_walk_checks_each_real_file_once() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = policy();
    write(&d.join("tree/a/one.policy"), &p);
    write(&d.join("tree/b/two.policy"), &p);
    write(&d.join("tree/ignored/three.policy"), &p);
    write(&d.join("tree/.hidden/four.policy"), &p);
    write(&d.join("tree/node_modules/x/five.policy"), &p);
    write(&d.join("tree/.gitignore"), "ignored/\n");
    // two loops, and a second way to the same folder
    symlink("..", d.join("tree/a/up")).unwrap();
    symlink(".", d.join("tree/a/me")).unwrap();
    symlink("b", d.join("tree/also-b")).unwrap();
    let o = policyc(&["check", "tree", "--format", "json"], d);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(
        files_checked(&o),
        ["tree/a/one.policy", "tree/b/two.policy"],
        "{}",
        stderr(&o)
    );
    // A hidden folder named on the command line is searched.
    let o = policyc(&["check", "tree/.hidden", "--format", "json"], d);
    assert_eq!(files_checked(&o), ["tree/.hidden/four.policy"]);
    // fmt walks the same way.
    let o = policyc(&["fmt", "--check", "tree"], d);
    assert!(code(&o) < 2, "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn non_regular_and_unreadable_entries_are_reported_and_the_rest_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("tree/good.policy"), &policy());
    std::os::unix::fs::symlink("nowhere", d.join("tree/dangling.policy")).unwrap();
    let fifo = d.join("tree/pipe.policy");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    for format in ["json", "sarif"] {
        let o = policyc(&["check", "tree", "--format", format], d);
        // the unreadable link ends the run with 2, after the report of the rest
        assert_eq!(code(&o), 2, "{}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("dangling.policy"), "{err}");
        assert!(
            err.contains("pipe.policy") && err.contains("not a regular file"),
            "{err}"
        );
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(doc.to_string().contains("good.policy"));
    }
    let o = policyc(&["fmt", "--check", "tree"], d);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("not a regular file"));
}

#[test]
fn an_empty_directory_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let o = policyc(&["check", "empty"], dir.path());
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("`empty`"), "{}", stderr(&o));
}
