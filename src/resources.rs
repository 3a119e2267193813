//! Where the files nianbao reads at run time are — the fonts and the sample drafts — found
//! from the executable's own place, never through the paths of the machine it was built on:
//!
//! - an installed program, `<prefix>/bin/nianbao`: `<prefix>/share/nianbao/fonts` and the
//!   samples in `<prefix>/share/nianbao` (the Debian package puts them under `/usr`);
//! - a portable folder (Windows, or a copy anywhere): `fonts/` and `samples/` beside the
//!   program;
//! - `cargo run` and `cargo test`, whose programs sit in `<tree>/target/<profile>[/deps]`:
//!   the source tree's `fonts/` and `assets/`.
//!
//! `NIANBAO_FONTS` names a fonts folder that is searched before all of these.

use std::path::{Path, PathBuf};

/// The file name of the default sample draft.
pub const SAMPLE: &str = "sample-gov2021.ron";
/// The sample drafts that ship with nianbao.
pub const SAMPLES: [&str; 2] = ["sample-gov2021.ron", "sample-gov2019.ron"];

/// A place that may hold nianbao's files: its fonts folder and its samples folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The folder of the font files.
    pub fonts: PathBuf,
    /// The folder of the sample drafts.
    pub samples: PathBuf,
}

/// The places to look, in order, for a program at `exe`.
pub fn places_for(exe: &Path) -> Vec<Place> {
    let Some(dir) = exe.parent() else {
        return Vec::new();
    };
    let mut out = vec![Place {
        fonts: dir.join("fonts"),
        samples: dir.join("samples"),
    }];
    if let Some(prefix) = dir.parent() {
        let share = prefix.join("share").join("nianbao");
        out.push(Place {
            fonts: share.join("fonts"),
            samples: share,
        });
    }
    // A cargo build: the tree holds `target/`, wherever CARGO_TARGET_DIR did not move it.
    if let Some(tree) = dir
        .ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == "target"))
        .and_then(Path::parent)
        .filter(|t| t.join("Cargo.toml").is_file())
    {
        out.push(Place {
            fonts: tree.join("fonts"),
            samples: tree.join("assets"),
        });
    }
    out
}

/// The places to look for this program.
pub fn places() -> Vec<Place> {
    std::env::current_exe()
        .map(|exe| places_for(&exe))
        .unwrap_or_default()
}

/// The folders searched for the fonts, in order: `NIANBAO_FONTS`, then each place's.
pub fn font_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("NIANBAO_FONTS")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    dirs.extend(places().into_iter().map(|p| p.fonts));
    dirs
}

/// A sample draft shipped with nianbao (`SAMPLE`, `sample-gov2019.ron`), where it is.
pub fn sample(name: &str) -> Option<PathBuf> {
    places()
        .into_iter()
        .map(|p| p.samples.join(name))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_installed_program_looks_in_share_and_a_portable_one_beside_itself() {
        let places = places_for(Path::new("/usr/bin/nianbao"));
        assert_eq!(places[0].fonts, Path::new("/usr/bin/fonts"));
        assert_eq!(places[1].fonts, Path::new("/usr/share/nianbao/fonts"));
        assert_eq!(places[1].samples, Path::new("/usr/share/nianbao"));
        assert_eq!(places.len(), 2, "no source tree is guessed for /usr/bin");
        let portable = places_for(Path::new("/d/年报/nianbao.exe"));
        assert_eq!(portable[0].fonts, Path::new("/d/年报/fonts"));
        assert_eq!(portable[0].samples, Path::new("/d/年报/samples"));
    }

    #[test]
    fn a_cargo_build_finds_its_tree_from_the_program() {
        let tree = Path::new(env!("CARGO_MANIFEST_DIR"));
        for exe in ["target/debug/nianbao", "target/release/deps/it-0123"] {
            let places = places_for(&tree.join(exe));
            let last = places.last().expect("a place");
            assert_eq!(last.fonts, tree.join("fonts"), "{exe}");
            assert_eq!(last.samples, tree.join("assets"), "{exe}");
        }
    }
}
