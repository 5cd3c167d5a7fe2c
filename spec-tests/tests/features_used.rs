//! `Wizer::features_used` (the report's `features_used`) against its
//! definition, on every module of the spec suite that validates: the enabled
//! features without which the module does not validate, found by validating
//! once without each. The suite's modules use every feature alone and
//! together, with the encodings that only some features allow.

use wast::{QuoteWat, Wast, WastDirective, WastExecute};
use wizer_lite::{FEATURES, Features, Wizer};

/// The enabled features `wasm` does not validate without, one at a time.
fn by_definition(wasm: &[u8], base: &Features) -> Vec<&'static str> {
    FEATURES
        .iter()
        .filter(|f| base.is_enabled(f.name))
        .filter(|f| {
            let mut without = base.clone();
            without.set(f.name, false).unwrap();
            !valid(wasm, &without)
        })
        .map(|f| f.name)
        .collect()
}

fn valid(wasm: &[u8], features: &Features) -> bool {
    wasmparser::Validator::new_with_features(features.wasmparser())
        .validate_all(wasm)
        .is_ok()
}

fn wizer_with(features: &Features) -> Wizer {
    let mut wizer = Wizer::new();
    for f in FEATURES {
        wizer
            .wasm_feature(f.name, features.is_enabled(f.name))
            .unwrap();
    }
    wizer
}

/// Every module of `text` that encodes.
fn modules(text: &str) -> Vec<Vec<u8>> {
    let mut lexer = wast::lexer::Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let Ok(buf) = wast::parser::ParseBuffer::new_with_lexer(lexer) else {
        return Vec::new();
    };
    let Ok(script) = wast::parser::parse::<Wast<'_>>(&buf) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut add = |mut module: QuoteWat<'_>| {
        if let Ok(wasm) = module.encode() {
            out.push(wasm);
        }
    };
    for directive in script.directives {
        match directive {
            WastDirective::Module(module) | WastDirective::ModuleDefinition(module) => add(module),
            WastDirective::AssertTrap {
                exec: WastExecute::Wat(wat),
                ..
            } => add(QuoteWat::Wat(wat)),
            WastDirective::AssertUnlinkable { module, .. } => add(QuoteWat::Wat(module)),
            _ => {}
        }
    }
    out
}

#[test]
fn features_used_is_what_each_module_does_not_validate_without() {
    let all = Features::default();
    let mut checked = 0;
    let mut with_some_needed = 0;
    let mut on_fewer_features = 0;
    for (n, script) in wizer_lite_spec_tests::scripts().iter().enumerate() {
        for (m, wasm) in modules(script.text).iter().enumerate() {
            if !valid(wasm, &all) {
                continue;
            }
            let expected = by_definition(wasm, &all);
            let found = Wizer::new().features_used(wasm).unwrap();
            assert_eq!(found, expected, "{} module {m}", script.key);
            checked += 1;
            with_some_needed += usize::from(!expected.is_empty());
            // Again on fewer features: some of those it does not need off,
            // chosen by the module's place in the suite.
            let mut fewer = all.clone();
            for (i, f) in FEATURES.iter().enumerate() {
                if !expected.contains(&f.name) && (n + m + i) % 3 == 0 {
                    fewer.set(f.name, false).unwrap();
                }
            }
            if fewer != all && valid(wasm, &fewer) {
                let expected = by_definition(wasm, &fewer);
                let found = wizer_with(&fewer).features_used(wasm).unwrap();
                assert_eq!(found, expected, "{} module {m}, fewer features", script.key);
                on_fewer_features += 1;
            }
        }
    }
    println!(
        "features_used: {checked} modules, {with_some_needed} needing some feature, \
         {on_fewer_features} also on fewer features"
    );
    assert!(checked > 2_500, "only {checked} modules");
    assert!(
        with_some_needed > 1_000,
        "only {with_some_needed} modules need a feature"
    );
    assert!(
        on_fewer_features > 2_000,
        "only {on_fewer_features} on fewer features"
    );
}

#[test]
fn an_invalid_module_has_no_features_used() {
    let error = Wizer::new()
        .features_used(b"(module (func (result i32) i64.const 0))")
        .unwrap_err();
    assert!(format!("{error:#}").contains("not a valid"), "{error:#}");
}
