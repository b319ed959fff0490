//! Runs the Neovim end-to-end script (`tests/editor/nvim_lsp.sh`) against the built binary.
//! Skipped, with a note, where `nvim` is not installed; CI installs it (`.ci/run`).

use std::process::Command;

#[test]
fn neovim_lints_and_fixes_a_draft_through_the_language_server() {
    if Command::new("nvim").arg("--version").output().is_err() {
        println!(
            "note: skipping the Neovim end-to-end test: `nvim` is not installed (Debian package `neovim`)"
        );
        return;
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/editor/nvim_lsp.sh");
    let output = Command::new("bash")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_replylint"))
        .output()
        .expect("run bash");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "nvim e2e failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    assert!(
        stdout.contains("fixed: Hi 😀 café, you need to clear your cache."),
        "{stdout}"
    );
}
