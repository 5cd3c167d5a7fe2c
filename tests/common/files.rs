//! Run directories for the case suites: the files, directories and
//! symlinks a case creates first, and what is there afterwards.

use std::collections::BTreeSet;
use std::path::Path;

/// One thing a case creates in its run directory before the run.
pub enum Fixture {
    File(String, String),
    Dir(String),
    Symlink(String, String),
}

impl Fixture {
    /// Creates it beneath `dir`.
    pub fn create(&self, dir: &Path) {
        match self {
            Fixture::File(path, content) => {
                let path = dir.join(path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, content).unwrap();
            }
            Fixture::Dir(path) => std::fs::create_dir_all(dir.join(path)).unwrap(),
            Fixture::Symlink(path, target) => {
                std::os::unix::fs::symlink(target, dir.join(path)).unwrap();
            }
        }
    }
}

/// Every path below `dir`, relative to it.
pub fn tree(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            out.insert(
                path.strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            }
        }
    }
    out
}
