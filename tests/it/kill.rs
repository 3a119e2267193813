//! Saves killed at random points (issue 17): a child process imports a report of a few MB over an
//! existing draft and is killed with SIGKILL somewhere between start and finish. After every
//! kill the draft is the old or the new version byte for byte, the backup is whole (the one
//! before, or the old draft), and the next save leaves no temporary file.
//!
//! 20 trials in the default run; `NIANBAO_KILL_TRIALS=200 cargo test --test it -- kill`
//! for more.

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nianbao::store::backup_path;

/// A published report made long: the 台儿庄 seed with its part 六 repeated to a few MB.
fn long_report(dir: &Path, name: &str, extra: &str) -> std::path::PathBuf {
    let seed = std::fs::read_to_string(common::data("taierzhuang-hrss-2021.txt")).expect("seed");
    let filler =
        format!("{extra}本年度未发生其他需要报告的事项，政务公开工作稳步推进。\n").repeat(12_000);
    let at = seed.find("六、其他需要报告的事项").expect("part 六");
    let text = format!(
        "{}{}\n{}",
        &seed[..at + "六、其他需要报告的事项".len()],
        filler,
        &seed[at + "六、其他需要报告的事项".len()..]
    );
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

fn import(source: &Path, out: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("import")
        .arg(source)
        .arg("-o")
        .arg(out)
        .arg("--force")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn")
}

fn temps(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("nianbao-tmp"))
        .collect()
}

#[test]
fn a_save_killed_anywhere_leaves_the_old_or_the_new_draft_and_a_whole_backup() {
    let trials: u64 = std::env::var("NIANBAO_KILL_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let dir = tempfile::tempdir().expect("tempdir");
    let old_src = long_report(dir.path(), "old.txt", "甲");
    let new_src = long_report(dir.path(), "new.txt", "乙");

    // The two versions a save may leave, each made by a save that finished.
    let work = dir.path().join("work");
    std::fs::create_dir(&work).expect("mkdir");
    let reference = dir.path().join("reference");
    std::fs::create_dir(&reference).expect("mkdir");
    let old_path = reference.join("old.ron");
    let new_path = reference.join("new.ron");
    let started = Instant::now();
    assert!(import(&old_src, &old_path).wait().expect("wait").success());
    let full = started.elapsed();
    assert!(import(&new_src, &new_path).wait().expect("wait").success());
    let old = std::fs::read(&old_path).expect("old");
    let new = std::fs::read(&new_path).expect("new");
    assert!(old.len() > 1_000_000 && old != new);
    let sentinel = b"the backup before this test".to_vec();

    let draft = work.join("draft.ron");
    let mut seen_old = 0;
    let mut seen_new = 0;
    // One kill at `at` into a save: the draft is the old or the new one byte for byte, the
    // backup whole, and the next save cleans up. True when the new draft was left.
    let trial = |label: String, at: Duration| -> bool {
        std::fs::write(&draft, &old).expect("old draft");
        std::fs::write(backup_path(&draft), &sentinel).expect("backup");
        let mut child = import(&new_src, &draft);
        std::thread::sleep(at.min(Duration::from_secs(10)));
        let _ = child.kill();
        child.wait().expect("wait");

        let now = std::fs::read(&draft).expect("draft");
        assert!(
            now == old || now == new,
            "{label}: a torn draft of {} bytes",
            now.len()
        );
        let bak = std::fs::read(backup_path(&draft)).expect("backup");
        assert!(
            bak == sentinel || bak == old,
            "{label}: a torn backup of {} bytes",
            bak.len()
        );

        // The next save, left to finish, cleans up after the killed one.
        assert!(import(&new_src, &draft).wait().expect("wait").success());
        assert_eq!(std::fs::read(&draft).expect("draft"), new);
        assert!(temps(&work).is_empty(), "{label}: {:?}", temps(&work));
        now == new
    };
    for n in 0..trials {
        // Spread the kill points over the whole run, the save at its end included.
        let at = full.mul_f64((n as f64 + 0.5) / trials as f64 * 1.2);
        if trial(format!("trial {n}"), at) {
            seen_new += 1;
        } else {
            seen_old += 1;
        }
    }
    // On a loaded machine one save can take much longer or shorter than the one timed: a few
    // more kills, early or late, so that both outcomes are seen (each checked as above).
    for extra in 0..10 {
        if seen_old > 0 && seen_new > 0 {
            break;
        }
        if seen_new == 0 {
            seen_new += usize::from(trial(format!("late {extra}"), full.mul_f64(3.0)));
        } else {
            seen_old += usize::from(!trial(format!("early {extra}"), Duration::from_millis(1)));
        }
    }
    // Both outcomes happened: the kills did land before and after the rename.
    println!("{trials} kills: {seen_old} left the old draft, {seen_new} the new one");
    assert!(
        seen_old > 0 && seen_new > 0,
        "{seen_old} old, {seen_new} new"
    );
}
