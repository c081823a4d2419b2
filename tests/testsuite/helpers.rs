//! Running the binary and reading what it wrote.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root: the sample handbook.
pub fn sample_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `bekwaam` with `args`.
pub fn bekwaam(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bekwaam"))
        .args(args)
        .output()
        .expect("the bekwaam binary runs")
}

/// Runs `bekwaam --root ROOT build -o OUT [extra…]`.
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "--root",
        root.to_str().unwrap(),
        "build",
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    bekwaam(&args)
}

/// Runs `bekwaam --root ROOT check [extra…]`: exit status, stdout, stderr.
pub fn check(root: &Path, extra: &[&str]) -> (Option<i32>, String, String) {
    let mut args = vec!["--root", root.to_str().unwrap(), "check"];
    args.extend_from_slice(extra);
    let out = bekwaam(&args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file below `dir`: relative path → bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(relative, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// Writes a file, creating its folder.
pub fn write(root: &Path, path: &str, text: impl AsRef<[u8]>) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Builds `root` into `out`, asserts success (and no panic on any thread)
/// and returns what it wrote.
pub fn build_ok(root: &Path, out: &Path) -> BTreeMap<String, Vec<u8>> {
    let result = build(root, out, &[]);
    let err = stderr(&result);
    assert!(result.status.success(), "build failed:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    read_tree(out)
}

/// Writes the starter handbook into `dir` with `bekwaam init`.
pub fn init_handbook(dir: &Path) {
    let result = bekwaam(&["init", dir.to_str().unwrap()]);
    assert!(result.status.success(), "init failed:\n{}", stderr(&result));
}

/// A starter handbook (`bekwaam init`) in a temporary folder: the folder
/// (removed when it is dropped) and the handbook's root in it.
pub fn starter() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("handboek");
    init_handbook(&root);
    (dir, root)
}

/// A copy of the sample handbook in a temporary folder, as [`starter`].
pub fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("handboek");
    copy_sample(&root);
    (dir, root)
}

/// Copies the sample handbook (config, content, static files) into `dir`.
pub fn copy_sample(dir: &Path) {
    let from = sample_root();
    std::fs::create_dir_all(dir).unwrap();
    std::fs::copy(from.join("config.toml"), dir.join("config.toml")).unwrap();
    for folder in ["content", "static"] {
        copy_folder(&from.join(folder), &dir.join(folder));
    }
}

/// Copies the files and folders below `from` into `to`.
pub fn copy_folder(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Builds `root` into `out` with `out`'s own `file://` address as the base
/// URL, so the pages open from disk; asserts success and returns that base.
pub fn build_for_file(root: &Path, out: &Path, extra: &[&str]) -> String {
    let base = url::Url::from_directory_path(out).unwrap().to_string();
    let mut args = vec!["--base-url", base.as_str()];
    args.extend_from_slice(extra);
    let result = build(root, out, &args);
    assert!(
        result.status.success(),
        "build failed:\n{}",
        stderr(&result)
    );
    base
}

/// How long a test waits for something that happens in the background (a
/// removal, a rebuild, a page that loads) before it fails. Generous: on a
/// busy machine things are slow, and only a failing test waits this long.
pub const DEADLINE: std::time::Duration = std::time::Duration::from_secs(60);

/// Polls `probe` every 20 ms until it gives a value, and returns it; fails
/// with `what` and the last thing `probe` reported if [`DEADLINE`] passes.
pub fn wait_until<T>(what: &str, mut probe: impl FnMut() -> Result<T, String>) -> T {
    let deadline = std::time::Instant::now() + DEADLINE;
    loop {
        match probe() {
            Ok(value) => return value,
            Err(last) if std::time::Instant::now() >= deadline => {
                panic!("{what}: not so after {DEADLINE:?}; last seen: {last}")
            }
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(20)),
        }
    }
}
