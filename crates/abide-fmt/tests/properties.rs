//! Properties over generated inputs: random valid agreements built from
//! the grammar, and the real files re-spaced with random whitespace,
//! comments and `;` between their tokens. The formatter must be idempotent,
//! keep the meaning and every comment, and the formatted file must check
//! with the same diagnostics.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failed expectation is a test failure"
)]

mod common;

use common::generate::{Gen, perturb};

#[test]
fn generated_agreements() {
    for seed in 0..1000 {
        let plain = Gen::new(seed).file(false);
        let errors = abide_syntax::parse(&plain).errors;
        assert!(
            errors.is_empty(),
            "seed {seed}: the generator wrote an invalid file: {errors:#?}\n{plain}"
        );
        common::assert_properties(&format!("seed {seed}"), &plain, seed % 4 == 0);
        let noisy = Gen::new(seed).file(true);
        let errors = abide_syntax::parse(&noisy).errors;
        assert!(
            errors.is_empty(),
            "seed {seed} (noisy): invalid: {errors:#?}\n{noisy}"
        );
        common::assert_properties(&format!("seed {seed} (noisy)"), &noisy, seed % 4 == 1);
    }
}

#[test]
fn re_spaced_examples_and_ui_cases() {
    for (name, text) in common::corpus() {
        if !abide_syntax::parse(&text).errors.is_empty() {
            continue;
        }
        let seeds = if name.starts_with("examples/") {
            0..24
        } else {
            0..3
        };
        for seed in seeds {
            let noisy = perturb(&text, seed);
            let errors = abide_syntax::parse(&noisy).errors;
            assert!(
                errors.is_empty(),
                "{name} seed {seed}: invalid: {errors:#?}\n{noisy}"
            );
            common::assert_properties(&format!("{name} (seed {seed})"), &noisy, true);
        }
    }
}
