#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = policyc::fuzzing::compile_check(data);
});
