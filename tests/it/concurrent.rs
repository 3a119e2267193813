//! Issue 26: two people, one draft. Many `comment` and `status` processes at once on one
//! draft: every run that says it saved has its change in the final draft, every other run says
//! it did not save and why, the backup is a whole file of its own, and no temporary file stays.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common;

/// Runs `n` processes at once: even ones add a comment numbered by `round` and `i`, odd ones
/// move the status back and forth. Gives back (i, succeeded, stdout, stderr).
fn run_round(draft: &Path, round: usize, n: usize) -> Vec<(usize, bool, String, String)> {
    let children: Vec<_> = (0..n)
        .map(|i| {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_nianbao"));
            if i % 2 == 0 {
                cmd.args(["comment", common::arg(draft), "--table", "t3", "--text"])
                    .arg(format!("第{round}轮第{i}条"))
                    .args(["--as", "审核人"]);
            } else {
                let to = if (round + i) % 4 == 1 {
                    "待审核"
                } else {
                    "起草"
                };
                cmd.args(["status", common::arg(draft), "--set", to, "--as", "审核人"]);
            }
            let child = cmd
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn nianbao");
            (i, child)
        })
        .collect();
    children
        .into_iter()
        .map(|(i, c)| {
            let out = c.wait_with_output().expect("wait");
            (
                i,
                out.status.success(),
                String::from_utf8_lossy(&out.stdout).into_owned(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            )
        })
        .collect()
}

#[test]
fn parallel_comments_and_status_changes_all_survive() {
    let dir = tempfile::tempdir().expect("temp dir");
    let draft = dir.path().join("共享草稿.ron");
    std::fs::copy(common::asset("sample-gov2021.ron"), &draft).expect("copy sample");
    const ROUNDS: usize = 5;
    const N: usize = 20;
    let mut reported = 0;
    for round in 0..ROUNDS {
        let results = run_round(&draft, round, N);
        let report = nianbao::store::load(&draft).expect("the draft stays readable");
        let texts: Vec<&str> = report
            .review
            .comments
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        let mut numbers: Vec<u32> = report.review.comments.iter().map(|c| c.id).collect();
        numbers.sort_unstable();
        let before = numbers.len();
        numbers.dedup();
        assert_eq!(numbers.len(), before, "two comments got one number");
        for (i, ok, stdout, stderr) in &results {
            if *ok {
                if i % 2 == 0 {
                    reported += 1;
                    let text = format!("第{round}轮第{i}条");
                    assert!(stdout.contains("已添加批注"), "{stdout}");
                    assert!(
                        texts.contains(&text.as_str()),
                        "run {i} of round {round} said it saved, but its comment is gone"
                    );
                }
            } else if i % 2 == 0 {
                // A comment run that did not save says so, and why.
                assert!(
                    stderr.contains("未改动") || stderr.contains("未保存"),
                    "run {i}: {stderr}"
                );
            } else {
                // A status move the review rules refuse (from where another run left it).
                assert!(!stderr.trim().is_empty(), "run {i} failed silently");
            }
        }
        let backup = nianbao::store::backup_path(&draft);
        let meta = std::fs::metadata(&backup).expect("a backup");
        assert!(meta.len() > 0, "the backup is whole");
        nianbao::store::load(&backup).expect("the backup is a draft");
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            assert_eq!(meta.nlink(), 1, "the backup is a file of its own");
            let d = std::fs::metadata(&draft).expect("draft");
            assert_ne!(d.ino(), meta.ino(), "the backup is not the draft");
        }
        let temps: Vec<String> = std::fs::read_dir(dir.path())
            .expect("read dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".nianbao-tmp"))
            .collect();
        assert!(temps.is_empty(), "temporary files left: {temps:?}");
    }
    // With a 15 s wait for the lock, twenty short runs all get their turn.
    assert_eq!(reported, ROUNDS * N / 2, "every comment run saved");
}

/// A command that cannot get the lock in time says who holds it and changes nothing.
#[test]
fn a_held_draft_is_refused_with_its_holder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let draft = dir.path().join("a.ron");
    std::fs::copy(common::asset("sample-gov2021.ron"), &draft).expect("copy sample");
    let before = std::fs::read(&draft).expect("read");
    let lock =
        nianbao::store::DraftLock::acquire(&draft, "测试窗口", std::time::Duration::from_secs(1))
            .expect("lock");
    assert!(lock.is_held());
    let err = nianbao::store::update(&draft, "测试", |_r| {
        Ok::<(), nianbao::store::StoreError>(())
    })
    .map(|_| ())
    .err();
    // `update` waits 15 s; the message names the holder.
    let err = err.expect("refused while held");
    let msg = err.to_string();
    assert!(msg.contains("测试窗口"), "{msg}");
    assert!(msg.contains("文件未改动"), "{msg}");
    assert_eq!(std::fs::read(&draft).expect("read"), before);
    drop(lock);
    nianbao::store::update(&draft, "测试", |r| {
        r.meta.contact = "0591-1234567".into();
        Ok::<(), nianbao::store::StoreError>(())
    })
    .expect("free again");
}
