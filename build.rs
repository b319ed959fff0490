//! Embeds the default rules (`rules/*.toml`) and the bundled knowledge base (`corpus/kb/**`)
//! into the library, so the binary works with no files beside it.

use std::{
    env, fs,
    path::{Path, PathBuf},
};

fn main() {
    let root =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut code = String::new();
    code.push_str(&embed("RULE_FILES", &root, &root.join("rules"), &["toml"]));
    code.push_str(&embed(
        "KB_FILES",
        &root,
        &root.join("corpus/kb"),
        &["md", "markdown", "html", "htm", "json", "jsonl"],
    ));
    fs::write(out.join("embedded.rs"), code).expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=corpus/kb");
}

/// Emits `pub const NAME: &[(&str, &str)]` of (path relative to the crate root, contents).
fn embed(name: &str, root: &Path, dir: &Path, exts: &[&str]) -> String {
    let mut files = Vec::new();
    collect(dir, exts, &mut files);
    files.sort();
    let mut code = format!("pub const {name}: &[(&str, &str)] = &[\n");
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let rel = path
            .strip_prefix(root)
            .expect("collected below the crate root");
        code.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            rel.to_string_lossy().replace('\\', "/"),
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    code
}

fn collect(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, exts, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| exts.contains(&e))
        {
            out.push(path);
        }
    }
}
